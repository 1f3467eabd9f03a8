"""Sixteen executors press "Take" on the same pool ticket at once: exactly one wins, 100 times,
on SQLite and PostgreSQL (the real ``take`` under the ticket's version lock).

Only the race runs per round: the engine, the executors and all 100 tickets with their pool
offers are made once, up front; the rounds' outcomes are checked against the database in
bulk at the end (one winner recorded on each ticket, one "assigned" event each).
"""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from db import migrate
from db.engine import create_engine, create_session_factory, is_sqlite
from db.models import Person, PersonRole, Role, Ticket, TicketEvent, TicketOffer
from services.deadlines.planner import planner_for
from services.tickets import definitions, lifecycle
from services.work.notifications import WorkContext
from services.work.taking import take
from tests.fakes.notifier import RecordingNotifier

EXECUTORS = 16
ROUNDS = 100
ROLES = frozenset({Role.EXECUTOR})


async def _setup(
    factory: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[list[Person], list[int]]:
    """The executors (kept, detached, for every round) and the tickets offered to them all."""
    async with factory() as session, session.begin():
        people = [
            Person(last_name=f"E{i}", telegram_id=5000 + i, roles=[PersonRole(role="executor")])
            for i in range(EXECUTORS)
        ]
        author = Person(last_name="A", roles=[PersonRole(role="operator")])
        session.add_all([*people, author])
        await session.flush()
        field_set = await definitions.current_field_set(session)
        workflow = await definitions.current_workflow(session)
        planner = planner_for(settings.deadlines)
        tickets = [
            await lifecycle.create_ticket(
                session,
                author_id=author.id,
                field_set=field_set,
                workflow=workflow,
                values={"subject": f"race {n}"},
                planner=planner,
            )
            for n in range(ROUNDS)
        ]
        session.add_all(
            TicketOffer(ticket_id=t.id, person_id=p.id, kind="pool")
            for t in tickets
            for p in people
        )
        return people, [t.id for t in tickets]


async def test_sixteen_takes_one_winner(database_url: str) -> None:
    settings = Settings(database={"url": database_url})
    # SQLite lets one transaction write at a time (every transaction starts with BEGIN
    # IMMEDIATE), so the takers queue for it either way; one pooled connection hands it on
    # without SQLite's busy-wait sleeps. PostgreSQL runs all sixteen transactions at once.
    connections = 1 if is_sqlite(database_url) else EXECUTORS + 1
    engine = create_engine(database_url, max_connections=connections)
    try:
        await migrate.upgrade(engine)
        factory = create_session_factory(engine)
        planner = planner_for(settings.deadlines)
        people, ticket_ids = await _setup(factory, settings)

        async def press(ticket_id: int, person: Person) -> bool:
            async with factory() as session, session.begin():
                ticket = await session.get(Ticket, ticket_id)
                assert ticket is not None
                work = WorkContext(session, settings.workflow, planner, RecordingNotifier())
                refusal = await take(work, ticket, person, ROLES, "new")
                return refusal is None

        winners: dict[int, int] = {}
        for ticket_id in ticket_ids:
            results = await asyncio.gather(*(press(ticket_id, p) for p in people))
            assert sum(results) == 1, f"ticket {ticket_id}: {sum(results)} winners"
            winners[ticket_id] = people[results.index(True)].id

        async with factory() as session:
            rows = await session.execute(
                select(Ticket.id, Ticket.assignee_id, Ticket.stage_key).where(
                    Ticket.id.in_(ticket_ids)
                )
            )
            assert {tid: (a, s) for tid, a, s in rows.all()} == {
                tid: (winner, "in_progress") for tid, winner in winners.items()
            }
            assigned = await session.execute(
                select(TicketEvent.ticket_id, func.count())
                .where(TicketEvent.kind == "assigned")
                .group_by(TicketEvent.ticket_id)
            )
            assert dict(assigned.all()) == dict.fromkeys(ticket_ids, 1)
            still_open = await session.scalar(
                select(func.count()).where(TicketOffer.closed_at.is_(None))
            )
            assert still_open == 0
    finally:
        await engine.dispose()
