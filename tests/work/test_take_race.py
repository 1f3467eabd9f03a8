"""Sixteen executors press "Take" on the same pool ticket at once: exactly one wins, 100 times,
on SQLite and PostgreSQL (the real ``take`` under the ticket's version lock)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.config import Settings
from bot.i18n import get_translator
from bot.ticket_planner import deadline_planner
from bot.work_assign import take
from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, PersonRole, Role, Ticket, TicketEvent, TicketOffer
from services.tickets import definitions, lifecycle

EXECUTORS = 16
ROUNDS = 100


async def test_sixteen_takes_one_winner(database_url: str) -> None:
    settings = Settings(database={"url": database_url})
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    i18n = get_translator("ru")
    async with factory() as session, session.begin():
        people = [
            Person(last_name=f"E{i}", telegram_id=5000 + i, roles=[PersonRole(role="executor")])
            for i in range(EXECUTORS)
        ]
        author = Person(last_name="A", roles=[PersonRole(role="operator")])
        session.add_all([*people, author])
        await session.flush()
        ids, author_id = [p.id for p in people], author.id

    async def new_ticket() -> int:
        async with factory() as session, session.begin():
            ticket = await lifecycle.create_ticket(
                session,
                author_id=author_id,
                field_set=await definitions.current_field_set(session),
                workflow=await definitions.current_workflow(session),
                values={"subject": "race"},
                planner=deadline_planner(settings),
            )
            session.add_all(TicketOffer(ticket_id=ticket.id, person_id=p, kind="pool") for p in ids)
            return ticket.id

    async def press(ticket_id: int, person_id: int) -> bool:
        async with factory() as session, session.begin():
            ticket = await session.get(Ticket, ticket_id)
            person = await session.get(Person, person_id)
            assert ticket is not None
            assert person is not None
            roles = frozenset({Role.EXECUTOR})
            return await take(session, i18n, settings, ticket, person, roles, "new") is None

    for _ in range(ROUNDS):
        ticket_id = await new_ticket()
        results = await asyncio.gather(*(press(ticket_id, p) for p in ids))
        assert sum(results) == 1
        async with factory() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            assert ticket.assignee_id == ids[results.index(True)]
            assert ticket.stage_key == "in_progress"
            assigned = await session.scalar(
                select(func.count()).where(
                    TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "assigned"
                )
            )
            assert assigned == 1
    await engine.dispose()
