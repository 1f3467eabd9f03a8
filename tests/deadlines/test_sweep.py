"""Warnings, breaches and escalation at the right instant, once, with an injected clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from db.engine import create_engine, create_session_factory
from scheduler.deadlines import sweep_deadlines
from services.sla import FixedClock
from tests.deadlines.helpers import (
    ADMIN_CHAT,
    EXECUTOR_CHAT,
    MANAGER_CHAT,
    MONDAY_10,
    make_world,
)

US = timedelta(microseconds=1)


async def test_warning_and_breach_come_at_their_instant_never_early(database_url: str) -> None:
    world = await make_world(database_url)
    ticket_id = await world.create("Нет света в офисе 5")
    ticket = await world.ticket(ticket_id)
    # "new": 60 working minutes from Mon 10:00 -> 11:00; warning at 80 % -> 10:48.
    assert ticket.stage_deadline_at == MONDAY_10 + timedelta(hours=1)
    assert ticket.stage_warn_at == MONDAY_10 + timedelta(minutes=48)
    clock = FixedClock(MONDAY_10 + timedelta(minutes=48) - US)
    sweep = lambda: sweep_deadlines(world.factory, world.settings, clock)  # noqa: E731

    assert (await sweep()).messages == 0
    clock.set(MONDAY_10 + timedelta(minutes=48))
    counts = await sweep()
    assert (counts.warnings, counts.breaches) == (1, 0)
    assert [chat for chat, _ in await world.outbox()] == [EXECUTOR_CHAT]

    clock.set(MONDAY_10 + timedelta(hours=1) - US)
    assert (await sweep()).messages == 0
    clock.set(MONDAY_10 + timedelta(hours=1))
    counts = await sweep()
    assert counts.breaches == 1
    outbox = await world.outbox()
    assert [chat for chat, _ in outbox] == [EXECUTOR_CHAT, EXECUTOR_CHAT, MANAGER_CHAT]
    assert "истёк 23.11.2026 11:00" in outbox[-1][1]
    assert "Иванов Иван" in outbox[-1][1]
    ticket = await world.ticket(ticket_id)
    assert ticket.stage_breached_at == clock.now()
    assert len(await world.events("deadline_breached")) == 1

    clock.advance(timedelta(hours=5))
    assert (await sweep()).messages == 0
    await world.engine.dispose()


async def test_deadlines_fallen_during_downtime_are_flagged_once(database_url: str) -> None:
    world = await make_world(database_url)
    ids = [await world.create(f"№{i}") for i in range(3)]
    clock = FixedClock(MONDAY_10 + timedelta(days=3))  # the service was down for 3 days
    counts = await sweep_deadlines(world.factory, world.settings, clock, batch=2)
    # Overdue stages get the breach only: the warning is settled by it.
    assert (counts.breaches, counts.warnings) == (3, 0)
    assert counts.messages == 6
    assert await sweep_deadlines(world.factory, world.settings, clock) == type(counts)()
    events = await world.events("deadline_breached")
    assert sorted(e.ticket_id for e in events) == ids
    await world.engine.dispose()


async def test_two_sweepers_side_by_side_flag_each_breach_once(database_url: str) -> None:
    world = await make_world(database_url)
    for i in range(20):
        await world.create(f"№{i}")
    # A second "process": its own engine and connection pool on the same database.
    other_engine = create_engine(database_url)
    other = create_session_factory(other_engine)
    clock = FixedClock(MONDAY_10 + timedelta(hours=2))
    results = await asyncio.gather(
        *(
            sweep_deadlines(factory, world.settings, clock, batch=7)
            for factory in (world.factory, other, world.factory, other)
        )
    )
    assert sum(r.breaches for r in results) == 20
    outbox = await world.outbox()
    assert len(outbox) == 40
    assert len(set(outbox)) == 40
    assert len(await world.events("deadline_breached")) == 20
    await other_engine.dispose()
    await world.engine.dispose()


async def test_escalation_steps_each_once(database_url: str) -> None:
    world = await make_world(
        database_url, escalation=[{"after": "2h"}, {"after": "1d", "notify": "admins"}]
    )
    await world.create()
    deadline = MONDAY_10 + timedelta(hours=1)
    clock = FixedClock(deadline)
    await sweep_deadlines(world.factory, world.settings, clock)
    clock.set(deadline + timedelta(hours=2) - US)
    assert (await sweep_deadlines(world.factory, world.settings, clock)).escalations == 0
    clock.set(deadline + timedelta(hours=2))
    assert (await sweep_deadlines(world.factory, world.settings, clock)).escalations == 1
    assert (await sweep_deadlines(world.factory, world.settings, clock)).escalations == 0
    clock.set(deadline + timedelta(days=1))
    assert (await sweep_deadlines(world.factory, world.settings, clock)).escalations == 1
    outbox = await world.outbox()
    escalations = [(chat, text) for chat, text in outbox if "Эскалация" in text]
    assert [chat for chat, _ in escalations] == [MANAGER_CHAT, ADMIN_CHAT]
    assert "шаг 2" in escalations[1][1]
    assert len(await world.events("escalated")) == 2
    await world.engine.dispose()


async def test_whole_ticket_limit_by_priority(database_url: str) -> None:
    world = await make_world(database_url, priority_limits={"Высокий": {"limit": "4h"}})
    high = await world.create("срочно", priority="высокий")
    low = await world.create("не срочно", priority="Низкий")
    # 4 working hours from Mon 10:00 with lunch 13-14 -> 15:00 Moscow.
    assert (await world.ticket(high)).deadline_at == MONDAY_10 + timedelta(hours=5)
    assert (await world.ticket(low)).deadline_at is None
    await world.move(high, "in_progress", MONDAY_10 + timedelta(minutes=30))
    clock = FixedClock(MONDAY_10 + timedelta(hours=5))
    counts = await sweep_deadlines(world.factory, world.settings, clock)
    assert counts.ticket_breaches == 1
    assert (await world.ticket(high)).breached_at == clock.now()
    assert any("общий срок заявки истёк" in text for _, text in await world.outbox())
    await world.engine.dispose()
