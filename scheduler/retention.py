"""Housekeeping: forget old handled update ids and old delivered messages."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.models import OutgoingMessage, ProcessedUpdate
from scheduler.leader import exclusive_run
from services.privacy.retention import RetentionResult, run_retention
from services.privacy.settings import RetentionSettings
from services.webhooks.housekeeping import purge_old as purge_webhook_records

log = logging.getLogger(__name__)

# Telegram keeps an unconfirmed update for 24 hours; a week of ids is plenty to spot a redelivery.
PROCESSED_UPDATES_TTL = timedelta(days=7)
DELIVERED_MESSAGES_TTL = timedelta(days=90)
# Its own lock: the hourly housekeeping above must not wait for, or skip, the daily run.
PERSONAL_DATA_JOB = "personal-data-retention"


async def purge_old_records(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with (
        session_factory() as session,
        session.begin(),
        exclusive_run(session, "retention") as may_run,
    ):
        if not may_run:
            return
        now = utcnow()
        updates = await session.execute(
            delete(ProcessedUpdate).where(
                ProcessedUpdate.processed_at < now - PROCESSED_UPDATES_TTL
            )
        )
        messages = await session.execute(
            delete(OutgoingMessage).where(OutgoingMessage.sent_at < now - DELIVERED_MESSAGES_TTL)
        )
        await purge_webhook_records(session, now)  # deliveries, calls, idempotency keys
    log.info(
        "retention done",
        extra={"updates": updates.rowcount, "messages": messages.rowcount},  # type: ignore[attr-defined]
    )


async def run_personal_data_retention(
    session_factory: async_sessionmaker[AsyncSession], settings: RetentionSettings
) -> RetentionResult | None:
    """The daily job: one process at a time (the lock's transaction stays open while the run's
    batches commit in their own), ``None`` when another process has it."""
    async with (
        session_factory() as lock_session,
        lock_session.begin(),
        exclusive_run(lock_session, PERSONAL_DATA_JOB) as may_run,
    ):
        if not may_run:
            return None
        result = await run_retention(session_factory, settings, now=utcnow())
    log.info("personal data retention done", extra={"counts": result.counts, "act": result.act_id})
    return result
