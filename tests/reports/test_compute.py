"""Report figures against the hand-computed dataset (tests/reports/dataset.py)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.i18n import get_translator
from services.reports.bundle import build_report
from services.reports.compute import compute_report
from services.reports.model import Counts
from services.reports.period import dates_period, previous_period
from tests.deadlines.helpers import make_world
from tests.reports.dataset import build, msk, sweep

MSK = ZoneInfo("Europe/Moscow")


async def test_figures_match_the_hand_computed_dataset(database_url: str) -> None:
    world = await make_world(database_url)
    await build(world)
    period = dates_period(date(2026, 11, 23), date(2026, 11, 23), MSK)
    async with world.factory() as session:
        report = await compute_report(session, period)

    assert report.totals == Counts(created=3, closed=2, open=1, overdue=1)
    assert report.by_category == {
        "Сантехника": Counts(created=1, closed=1, open=0, overdue=0),
        "Электрика": Counts(created=2, closed=1, open=1, overdue=1),
    }
    assert report.by_priority["Высокий"] == Counts(created=2, closed=1, open=1, overdue=1)
    p = report.processing
    assert (p.count, p.avg_calendar, p.median_calendar) == (2, 13500, 13500)
    assert (p.avg_working, p.median_working) == (12600, 12600)

    stages = {row.key: row for row in report.stages}
    assert list(stages) == ["new", "in_progress", "awaiting_info", "awaiting_confirmation"]
    new = stages["new"]
    assert (new.open, new.overdue, new.times.count, new.times.avg_calendar) == (1, 1, 2, 3600)
    assert (new.with_deadline, new.on_time, new.compliance) == (2, 1, 0.5)
    work = stages["in_progress"]
    assert (work.times.count, work.times.avg_calendar, work.times.median_calendar) == (
        3,
        4200,
        3600,
    )
    assert work.compliance == 1.0
    assert work.total_calendar == 12600
    info = stages["awaiting_info"]
    assert (info.times.avg_calendar, info.times.avg_working, info.with_deadline) == (
        10800,
        7200,
        0,
    )
    confirm = stages["awaiting_confirmation"]
    assert (confirm.times.avg_working, confirm.times.median_working) == (2700, 2700)

    [executor] = report.executors
    assert executor.name == "Иванов Иван"
    assert (executor.closed, executor.avg_calendar, executor.avg_working) == (2, 13500, 12600)
    assert (executor.timed_visits, executor.on_time) == (5, 1.0)
    assert (executor.returns, executor.confirmed, executor.auto_confirmed) == (1, 1, 1)
    # 100 x (0.5 x 1 + 0.3 x 1/2 + 0.2 x (1 - 1/2)) = 75
    assert executor.score == 75.0
    await world.engine.dispose()


async def test_previous_day_figures_do_not_leak_into_the_next_day(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    await build(world)
    period = previous_period("day", msk(9) + (msk(24) - msk(0)), MSK)  # Tue 09:00 -> Monday
    assert period.label == "23.11.2026"
    async with world.factory() as session:
        monday = await compute_report(session, period)
        tuesday = await compute_report(
            session, dates_period(date(2026, 11, 24), date(2026, 11, 24), MSK)
        )
    assert monday.totals.created == 3
    # C is still open and late on Tuesday, but it breached on Monday.
    assert tuesday.totals == Counts(created=0, closed=0, open=1, overdue=0)
    await world.engine.dispose()


async def test_the_days_report_counts_the_breaches_of_that_day(database_url: str) -> None:
    world = await make_world(database_url)
    await build(world)
    tuesday = msk(24 + 10)
    d = await world.create("D", at=tuesday, category="Сантехника", priority="Высокий")
    await sweep(world, tuesday + timedelta(hours=3))
    assert (await world.ticket(d)).stage_breached_at is not None
    period = dates_period(date(2026, 11, 24), date(2026, 11, 24), MSK)
    i18n = get_translator("ru")
    async with world.factory() as session:
        files = await build_report(session, period, i18n)
    report = files.report
    assert report.totals == Counts(created=1, closed=0, open=2, overdue=1)
    assert report.by_category["Сантехника"].overdue == 1
    assert report.by_category["Электрика"].overdue == 0
    assert {row.key: row.overdue for row in report.stages}["new"] == 1
    text = i18n.msg(files.message)
    assert "Просрочено за период: 1" in text
    assert "— ч" not in text
    assert "Время обработки: нет данных" in text
    assert "Этапы в срок: нет данных" in text
    summary = load_workbook(io.BytesIO(files.xlsx))["Сводка"]
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert figures["Просрочено за период (заявок)"] == 1
    await world.engine.dispose()
