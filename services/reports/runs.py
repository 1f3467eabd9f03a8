"""Scheduled report runs: a (schedule, period start) row is claimed once, whoever asks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.dialect import is_postgres
from db.models import ReportRun
from services.reports.period import Period


async def already_sent(session: AsyncSession, schedule: str, period: Period) -> bool:
    found = await session.scalar(
        select(ReportRun.id).where(
            ReportRun.schedule == schedule, ReportRun.period_start == period.start
        )
    )
    return found is not None


async def claim_run(session: AsyncSession, schedule: str, period: Period) -> int | None:
    """The run's id if this caller got it; ``None`` if another process (or an earlier run)
    holds it. On PostgreSQL a concurrent claimer waits for the first one's transaction."""
    insert = postgresql.insert if is_postgres(session) else sqlite.insert
    statement = (
        insert(ReportRun)
        .values(
            schedule=schedule,
            period_start=period.start,
            period_end=period.end,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["schedule", "period_start"])
        .returning(ReportRun.id)
    )
    return await session.scalar(statement)
