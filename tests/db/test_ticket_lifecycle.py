"""Ticket numbering, creation and stage visits on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, Ticket, TicketEvent, TicketStageVisit
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.tickets import definitions, lifecycle

PLANNER = DeadlinePlanner(BusinessCalendar())
MONDAY_10 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 10:00 in Moscow


async def _setup(url: str):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        author = Person(last_name="Оператор", first_name="Ольга")
        session.add(author)
        await session.flush()
        author_id = author.id
    return engine, factory, author_id


async def _create(factory, author_id: int, subject: str, at: datetime = MONDAY_10) -> int:  # type: ignore[no-untyped-def]
    async with factory() as session, session.begin():
        ticket = await lifecycle.create_ticket(
            session,
            author_id=author_id,
            field_set=await definitions.current_field_set(session),
            workflow=await definitions.current_workflow(session),
            values={"subject": subject, "category": "Электрика", "priority": "Высокий"},
            planner=PLANNER,
            at=at,
        )
        return ticket.number


async def test_numbers_are_unique_under_concurrency(database_url: str) -> None:
    engine, factory, author_id = await _setup(database_url)
    await _create(factory, author_id, "первая")  # publishes the definitions once
    numbers = await asyncio.gather(*(_create(factory, author_id, f"№{i}") for i in range(12)))
    assert sorted(numbers) == list(range(2, 14))
    await engine.dispose()


async def test_created_ticket_has_stage_deadline_and_history(database_url: str) -> None:
    engine, factory, author_id = await _setup(database_url)
    number = await _create(factory, author_id, "Нет света в офисе 5")
    async with factory() as session, session.begin():
        ticket = await session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        assert ticket.stage_key == "new"
        assert ticket.subject == "Нет света в офисе 5"
        assert ticket.category == "Электрика"
        # "new" allows 60 working minutes: Monday 10:00 Moscow -> 11:00 Moscow.
        assert ticket.stage_deadline_at == MONDAY_10 + timedelta(hours=1)
        later = MONDAY_10 + timedelta(minutes=90)
        await lifecycle.enter_stage(
            session, ticket, "in_progress", actor_id=author_id, planner=PLANNER, at=later
        )
        visits = list(await session.scalars(select(TicketStageVisit).order_by(TicketStageVisit.id)))
        events = list(await session.scalars(select(TicketEvent).order_by(TicketEvent.id)))
    assert [(v.stage_key, v.calendar_seconds, v.working_seconds) for v in visits] == [
        ("new", 5400, 5400),
        ("in_progress", None, None),
    ]
    assert [(e.kind, e.from_stage, e.to_stage) for e in events] == [
        ("created", None, "new"),
        ("stage_changed", "new", "in_progress"),
    ]
    await engine.dispose()
