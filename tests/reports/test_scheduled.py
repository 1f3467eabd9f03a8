"""Scheduled reports: once per schedule and period, delivered through the fake Bot API."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from db.engine import create_engine, create_session_factory
from db.models import OutgoingMessage, ReportRun
from scheduler.reports import catch_up_reports, send_report
from services.deadlines.settings import ReportSchedule
from services.sla import FixedClock
from tests.deadlines.helpers import MANAGER_CHAT, make_world
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness, make_settings
from tests.reports.dataset import build, msk

DAILY = {"name": "daily", "cron": "0 9 * * *", "period": "day"}
TUESDAY_9 = msk(9) + timedelta(days=1)


async def _count(factory, model) -> int:  # type: ignore[no-untyped-def]
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_two_processes_send_one_report(database_url: str) -> None:
    world = await make_world(database_url, reports=[DAILY])
    await build(world)
    other_engine = create_engine(database_url)
    other = create_session_factory(other_engine)
    schedule = ReportSchedule.model_validate(DAILY)
    sent = await asyncio.gather(
        *(
            send_report(factory, world.settings, schedule, TUESDAY_9)
            for factory in (world.factory, other, world.factory, other)
        )
    )
    assert sorted(sent) == [False, False, False, True]
    assert await _count(world.factory, ReportRun) == 1
    assert await _count(world.factory, OutgoingMessage) == 3  # text, .xlsx, PNG
    # A later catch-up pass (after a restart, say) finds the period done.
    clock = FixedClock(TUESDAY_9 + timedelta(minutes=10))
    assert await catch_up_reports(world.factory, world.settings, clock) == 0
    await other_engine.dispose()
    await world.engine.dispose()


async def test_catch_up_sends_a_report_missed_while_down(sqlite_url: str) -> None:
    world = await make_world(sqlite_url, reports=[DAILY], report_catchup_hours=6)
    clock = FixedClock(TUESDAY_9 - timedelta(minutes=1))
    assert await catch_up_reports(world.factory, world.settings, clock) == 0
    clock.set(TUESDAY_9 + timedelta(hours=2))  # the service came back at 11:00
    assert await catch_up_reports(world.factory, world.settings, clock) == 1
    assert await catch_up_reports(world.factory, world.settings, clock) == 0
    clock.set(TUESDAY_9 + timedelta(hours=7))  # beyond the window: nothing old is dug up
    async with world.factory() as session:
        run = await session.scalar(select(ReportRun))
    assert run is not None
    assert run.period_start == msk(0)
    await world.engine.dispose()


async def test_scheduled_report_reaches_managers_as_message_xlsx_and_png(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    world = await make_world(sqlite_url)
    await build(world)
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        deadlines={"reports": [DAILY], "report_catchup_hours": 0},
    )
    harness = BotHarness(settings)
    await harness.start()
    try:
        schedule = settings.deadlines.reports[0]
        assert await send_report(harness.session_factory, settings, schedule, TUESDAY_9)

        def delivered() -> bool:
            messages = fake_api.chats[MANAGER_CHAT].messages
            return len(messages) >= 3 and messages[-1].photo is not None

        await fake_api.wait_for(delivered, timeout=15)
    finally:
        await harness.stop()
    text, document, photo = fake_api.chats[MANAGER_CHAT].messages[-3:]
    assert "Отчёт за 23.11.2026" in text.text
    assert "Создано: 3, закрыто: 2" in text.text
    assert document.document is not None
    assert document.document.filename == "report_2026-11-23_2026-11-23.xlsx"
    book = load_workbook(io.BytesIO(document.document.content))
    assert "Исполнители" in book.sheetnames
    assert book["Сводка"]["B3"].value == 3
    assert photo.photo is not None
    assert photo.photo.content.startswith(b"\x89PNG")
    assert len(fake_api.calls_of("sendDocument")) == 1
    await world.engine.dispose()
