"""Figures stored when something ends: a ticket's processing time on closing, a visit's breach
when it ends (the sweep flags only the ticket row)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.models import Ticket, TicketStageVisit
from scheduler.deadlines import sweep_deadlines
from services.deadlines.planner import planner_for
from services.sla import FixedClock
from services.tickets import lifecycle
from tests.deadlines.helpers import MONDAY_10, World, make_world

MINUTE = timedelta(minutes=1)


async def _visits(world: World, ticket_id: int) -> list[TicketStageVisit]:
    async with world.factory() as session:
        rows = await session.scalars(
            select(TicketStageVisit)
            .where(TicketStageVisit.ticket_id == ticket_id)
            .order_by(TicketStageVisit.id)
        )
        return list(rows)


async def test_processing_time_is_stored_on_closing_without_pauses(database_url: str) -> None:
    world = await make_world(database_url)
    ticket_id = await world.create()
    await world.move(ticket_id, "in_progress", MONDAY_10 + 30 * MINUTE)
    await world.move(ticket_id, "awaiting_info", MONDAY_10 + 60 * MINUTE)  # paused 1 h
    await world.move(ticket_id, "in_progress", MONDAY_10 + 120 * MINUTE)
    assert (await world.ticket(ticket_id)).processing_calendar_seconds is None
    await world.move(ticket_id, "closed", MONDAY_10 + 150 * MINUTE)

    ticket = await world.ticket(ticket_id)
    assert ticket.processing_calendar_seconds == 90 * 60
    active = [v for v in await _visits(world, ticket_id) if v.paused_seconds == 0]
    assert ticket.processing_working_seconds == sum(v.working_seconds or 0 for v in active)

    await world.move(ticket_id, "in_progress", MONDAY_10 + 160 * MINUTE)  # reopened
    assert (await world.ticket(ticket_id)).processing_calendar_seconds is None
    await world.move(ticket_id, "closed", MONDAY_10 + 170 * MINUTE)
    assert (await world.ticket(ticket_id)).processing_calendar_seconds == 100 * 60
    await world.engine.dispose()


async def test_breach_flagged_after_the_ticket_was_loaded_reaches_the_visit(
    postgres_url: str,
) -> None:
    world = await make_world(postgres_url)
    ticket_id = await world.create()
    deadline = (await world.ticket(ticket_id)).stage_deadline_at
    assert deadline is not None
    clock = FixedClock(deadline)
    async with world.factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)  # loaded before the sweep flags it
        assert ticket is not None
        assert ticket.stage_breached_at is None
        assert (await sweep_deadlines(world.factory, world.settings, clock)).breaches == 1
        await lifecycle.enter_stage(
            session,
            ticket,
            "in_progress",
            actor_id=world.executor_id,
            planner=planner_for(world.settings.deadlines),
            at=deadline + MINUTE,
        )
    first = (await _visits(world, ticket_id))[0]
    assert first.stage_key == "new"
    assert first.breached_at == deadline
    await world.engine.dispose()
