"""APScheduler set-up. Jobs keep their state in the database, not in timers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.retention import purge_old_records

if TYPE_CHECKING:
    from bot.config import Settings


def build_scheduler(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(
        timezone=settings.company.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(
        purge_old_records,
        IntervalTrigger(hours=1),
        args=[session_factory],
        id="retention",
        replace_existing=True,
    )
    return scheduler
