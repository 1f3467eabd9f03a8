"""Pausing stages stop the clock; the card shows time left or overdue."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import get_translator
from scheduler.deadlines import sweep_deadlines
from services.deadlines.display import deadline_status
from services.deadlines.planner import planner_for
from services.sla import FixedClock
from tests.deadlines.helpers import MONDAY_10, make_world

HOUR = timedelta(hours=1)


async def test_return_from_a_pause_keeps_the_time_left(database_url: str) -> None:
    world = await make_world(database_url, priority_limits={"Высокий": {"limit": "9h"}})
    ticket_id = await world.create(priority="Высокий")
    await world.move(ticket_id, "in_progress", MONDAY_10)
    # 8 working hours from Mon 10:00: 3 h before lunch, 4 h after -> Tue 10:00.
    assert (await world.ticket(ticket_id)).stage_deadline_at == MONDAY_10 + 24 * HOUR
    await world.move(ticket_id, "awaiting_info", MONDAY_10 + 2 * HOUR)  # 2 h used
    paused = await world.ticket(ticket_id)
    assert (paused.stage_deadline_at, paused.deadline_at) == (None, None)
    # Nothing is flagged while the author holds the ticket, however long.
    clock = FixedClock(MONDAY_10 + 26 * HOUR)
    assert (await sweep_deadlines(world.factory, world.settings, clock)).messages == 0
    await world.move(ticket_id, "in_progress", MONDAY_10 + 26 * HOUR)  # Tue 12:00
    resumed = await world.ticket(ticket_id)
    # 6 h left: Tue 12-13, 14-18 (5 h), Wed 09-10 -> Wed 10:00 Moscow.
    assert resumed.stage_deadline_at == MONDAY_10 + 48 * HOUR
    # Whole ticket: 9 h from Mon 10:00, paused Mon 12:00 - Tue 12:00 -> 7 h left -> Wed 11:00.
    assert resumed.deadline_at == MONDAY_10 + 49 * HOUR
    await world.engine.dispose()


async def test_breach_before_a_pause_is_not_flagged_again(database_url: str) -> None:
    world = await make_world(database_url)
    ticket_id = await world.create()
    clock = FixedClock(MONDAY_10 + 2 * HOUR)
    assert (await sweep_deadlines(world.factory, world.settings, clock)).breaches == 1
    await world.move(ticket_id, "in_progress", MONDAY_10 + 2 * HOUR)
    await world.move(ticket_id, "awaiting_info", MONDAY_10 + 3 * HOUR)
    await world.move(ticket_id, "in_progress", MONDAY_10 + 4 * HOUR)
    clock.set(MONDAY_10 + 30 * HOUR)  # in_progress overdue since Tue 11:00
    counts = await sweep_deadlines(world.factory, world.settings, clock)
    assert counts.breaches == 1
    clock.advance(HOUR)
    await world.move(ticket_id, "awaiting_info", clock.now())
    await world.move(ticket_id, "in_progress", clock.now())
    assert (await sweep_deadlines(world.factory, world.settings, clock)).breaches == 0
    await world.engine.dispose()


async def test_card_line_shows_time_left_then_overdue(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    ticket = await world.ticket(await world.create())
    planner = planner_for(world.settings.deadlines)
    i18n = get_translator("ru")
    left = deadline_status(ticket, MONDAY_10 + timedelta(minutes=15), planner)
    overdue = deadline_status(ticket, MONDAY_10 + timedelta(hours=2, minutes=5), planner)
    assert left is not None
    assert overdue is not None
    assert i18n.msg(left) == "⏳ осталось 45 мин"
    assert i18n.msg(overdue) == "🔥 просрочено на 1 ч 5 мин"
    await world.engine.dispose()
