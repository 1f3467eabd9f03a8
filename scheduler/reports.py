"""Scheduled reports: cron schedules in the company time zone, each period sent once.

A run is claimed with a unique (schedule, period start) row in the same transaction that puts
the message, the .xlsx and the PNG into the outbox for every recipient, so several processes
(or a restart, or the catch-up pass) never send a report twice, and the outbox retries delivery.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import get_translator
from db.models import Role
from services import audit, outbox
from services.deadlines.recipients import role_chat_ids
from services.deadlines.settings import ReportSchedule
from services.reports.bundle import build_report
from services.reports.outbox_files import enqueue_file
from services.reports.period import previous_period
from services.reports.runs import already_sent, claim_run
from services.sla import Clock, SystemClock

log = logging.getLogger(__name__)
CATCHUP_MINUTES = 5


def trigger_of(schedule: ReportSchedule, settings: Settings) -> CronTrigger:
    return CronTrigger.from_crontab(schedule.cron, timezone=settings.company.tz)


async def send_report(
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    schedule: ReportSchedule,
    fired_at: datetime,
) -> bool:
    """Send the report for the period before ``fired_at``; False if it was sent already."""
    tz = settings.company.tz
    period = previous_period(schedule.period, fired_at, tz)
    i18n = get_translator(settings.company.locale)
    async with session_factory() as session:
        if await already_sent(session, schedule.name, period):
            return False
        files = await build_report(session, period, i18n)
    async with session_factory() as session, session.begin():
        run_id = await claim_run(session, schedule.name, period)
        if run_id is None:
            return False
        chats = (
            await role_chat_ids(session, Role.MANAGER) if "managers" in schedule.recipients else []
        )
        if "group" in schedule.recipients and settings.deadlines.managers_chat_id:
            chats.append(settings.deadlines.managers_chat_id)
        title = i18n("report-scheduled-title", name=schedule.name)
        text = f"{title}\n{i18n.msg(files.message)}"
        label = period.label
        details = {"what": "report", "schedule": schedule.name, "chats": len(set(chats))}
        await audit.record(session, audit.SYSTEM, audit.AuditAction.EXPORTED, details=details)
        for chat_id in dict.fromkeys(chats):
            key = f"rep:{run_id}:{chat_id}"
            outbox.enqueue(session, chat_id, text, dedupe_key=f"{key}:text")
            await enqueue_file(
                session,
                chat_id,
                i18n.plain("report-file-caption", period=label),
                "document",
                f"{files.stem}.xlsx",
                files.xlsx,
                dedupe_key=f"{key}:xlsx",
            )
            await enqueue_file(
                session,
                chat_id,
                i18n.plain("report-photo-caption", period=label),
                "photo",
                f"{files.stem}.png",
                files.png,
                dedupe_key=f"{key}:png",
            )
    log.info("scheduled report queued", extra={"schedule": schedule.name, "run_id": run_id})
    return True


def last_fire(trigger: CronTrigger, now: datetime, window: timedelta) -> datetime | None:
    """The latest fire time in (now - window, now], if any."""
    fire, latest = trigger.get_next_fire_time(None, now - window), None
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return latest


async def catch_up_reports(
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    clock: Clock | None = None,
) -> int:
    """Send reports whose fire time passed while we were down or whose run failed."""
    now = (clock or SystemClock()).now().astimezone(settings.company.tz)
    window = timedelta(hours=settings.deadlines.report_catchup_hours)
    sent = 0
    for schedule in settings.deadlines.reports:
        fired = last_fire(trigger_of(schedule, settings), now, window)
        if fired is not None:
            sent += await send_report(session_factory, settings, schedule, fired)
    return sent


async def _on_fire(
    session_factory: async_sessionmaker[AsyncSession], settings: Settings, name: str
) -> None:
    schedule = next(s for s in settings.deadlines.reports if s.name == name)
    await send_report(session_factory, settings, schedule, SystemClock().now())


def add_report_jobs(
    scheduler: AsyncIOScheduler,
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    for schedule in settings.deadlines.reports:
        scheduler.add_job(
            _on_fire,
            trigger_of(schedule, settings),
            args=[session_factory, settings, schedule.name],
            id=f"report:{schedule.name}",
            replace_existing=True,
        )
    scheduler.add_job(
        catch_up_reports,
        IntervalTrigger(minutes=CATCHUP_MINUTES),
        args=[session_factory, settings],
        id="report-catch-up",
        next_run_time=SystemClock().now(),
        replace_existing=True,
    )
