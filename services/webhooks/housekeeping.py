"""Old webhook deliveries, telephony calls and API idempotency keys are removed by the hourly
housekeeping (``scheduler.retention.purge_old_records``). A call holds the caller's number
(personal data): it is kept only as long as its «Создать заявку» button is useful. An
idempotency key is the client's string and the hash of the body it sent (with a resident's
values): a retry comes within minutes, so a month is plenty."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ApiIdempotencyKey, PhoneCall, WebhookDelivery

CALLS_TTL = timedelta(days=30)
FINISHED_DELIVERIES_TTL = timedelta(days=30)
IDEMPOTENCY_KEYS_TTL = timedelta(days=30)


async def purge_old(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(PhoneCall).where(PhoneCall.created_at < now - CALLS_TTL))
    await session.execute(
        delete(ApiIdempotencyKey).where(ApiIdempotencyKey.created_at < now - IDEMPOTENCY_KEYS_TTL)
    )
    before = now - FINISHED_DELIVERIES_TTL
    await session.execute(
        delete(WebhookDelivery).where(
            or_(WebhookDelivery.delivered_at < before, WebhookDelivery.failed_at < before)
        )
    )
