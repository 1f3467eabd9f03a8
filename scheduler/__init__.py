"""APScheduler set-up. Jobs keep their state in the database, not in timers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.auto_confirm import auto_confirm_due
from scheduler.deadlines import sweep_deadlines
from scheduler.executor import DrainableAsyncIOExecutor
from scheduler.reports import add_report_jobs
from scheduler.retention import purge_old_records, run_personal_data_retention

if TYPE_CHECKING:
    from bot.config import Settings


JOB_DRAIN_SECONDS = 30.0


async def stop_scheduler(scheduler: AsyncIOScheduler, executor: DrainableAsyncIOExecutor) -> None:
    """No new runs; let the running jobs finish (up to a limit), then shut down."""
    if not scheduler.running:
        return
    scheduler.pause()
    await executor.drain(JOB_DRAIN_SECONDS)
    scheduler.shutdown(wait=False)


def build_scheduler(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> tuple[AsyncIOScheduler, DrainableAsyncIOExecutor]:
    executor = DrainableAsyncIOExecutor()
    scheduler = AsyncIOScheduler(
        timezone=settings.company.tz,
        executors={"default": executor},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(
        purge_old_records,
        IntervalTrigger(hours=1),
        args=[session_factory],
        id="retention",
        replace_existing=True,
    )
    # Personal data past its period (152-ФЗ): daily at [retention] run_at, company time.
    hour, minute = (int(part) for part in settings.retention.run_at.split(":"))
    scheduler.add_job(
        run_personal_data_retention,
        CronTrigger(hour=hour, minute=minute),
        args=[session_factory, settings.retention],
        id="personal-data-retention",
        replace_existing=True,
    )
    # Deadlines are stored, not timers: the sweep runs at start-up and then every interval.
    scheduler.add_job(
        sweep_deadlines,
        IntervalTrigger(seconds=settings.deadlines.sweep_interval_seconds),
        args=[session_factory, settings],
        id="deadline-sweep",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    add_report_jobs(scheduler, settings, session_factory)
    # Tickets left unconfirmed by their author: checked at start-up and every few minutes.
    scheduler.add_job(
        auto_confirm_due,
        IntervalTrigger(minutes=5),
        args=[session_factory, settings],
        id="auto-confirm",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return scheduler, executor
