"""Old webhook deliveries and telephony calls are removed by the hourly housekeeping
(``scheduler.retention.purge_old_records``). A call holds the caller's number (personal data):
it is kept only as long as its «Создать заявку» button is useful."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PhoneCall, WebhookDelivery

CALLS_TTL = timedelta(days=30)
FINISHED_DELIVERIES_TTL = timedelta(days=30)


async def purge_old(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(PhoneCall).where(PhoneCall.created_at < now - CALLS_TTL))
    before = now - FINISHED_DELIVERIES_TTL
    await session.execute(
        delete(WebhookDelivery).where(
            or_(WebhookDelivery.delivered_at < before, WebhookDelivery.failed_at < before)
        )
    )
