"""A small world for deadline tests: people, a ticket factory and the outbox as the bot sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import OutgoingMessage, Person, PersonRole, Role, Ticket, TicketEvent
from services.deadlines.planner import planner_for
from services.tickets import definitions, lifecycle

MONDAY_10 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Mon 23 Nov 2026, 10:00 in Moscow
EXECUTOR_CHAT, MANAGER_CHAT, ADMIN_CHAT = 501, 601, 701


def deadline_settings(url: str, **deadlines: Any) -> Settings:
    return Settings(database={"url": url}, access={"admins": [ADMIN_CHAT]}, deadlines=deadlines)


@dataclass
class World:
    engine: AsyncEngine
    factory: async_sessionmaker[AsyncSession]
    settings: Settings
    author_id: int
    executor_id: int

    async def create(
        self, subject: str = "Нет света", at: datetime = MONDAY_10, **values: Any
    ) -> int:
        async with self.factory() as session, session.begin():
            ticket = await lifecycle.create_ticket(
                session,
                author_id=self.author_id,
                field_set=await definitions.current_field_set(session),
                workflow=await definitions.current_workflow(session),
                values={"subject": subject, "category": "Электрика", **values},
                planner=planner_for(self.settings.deadlines),
                at=at,
            )
            ticket.assignee_id = self.executor_id
            return ticket.id

    async def move(self, ticket_id: int, stage: str, at: datetime) -> None:
        async with self.factory() as session, session.begin():
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await lifecycle.enter_stage(
                session,
                ticket,
                stage,
                actor_id=self.executor_id,
                planner=planner_for(self.settings.deadlines),
                at=at,
            )

    async def ticket(self, ticket_id: int) -> Ticket:
        async with self.factory() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            return ticket

    async def outbox(self) -> list[tuple[int, str]]:
        async with self.factory() as session:
            rows = await session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id))
            return [(row.chat_id, row.text) for row in rows]

    async def events(self, kind: str) -> list[TicketEvent]:
        async with self.factory() as session:
            rows = await session.scalars(
                select(TicketEvent).where(TicketEvent.kind == kind).order_by(TicketEvent.id)
            )
            return list(rows)


async def make_world(url: str, **deadlines: Any) -> World:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        author = Person(last_name="Операторова", first_name="Ольга")
        executor = Person(last_name="Иванов", first_name="Иван", telegram_id=EXECUTOR_CHAT)
        manager = Person(last_name="Петрова", first_name="Мария", telegram_id=MANAGER_CHAT)
        manager.roles.append(PersonRole(role=Role.MANAGER.value))
        executor.roles.append(PersonRole(role=Role.EXECUTOR.value))
        session.add_all([author, executor, manager])
        await session.flush()
        ids = author.id, executor.id
    return World(engine, factory, deadline_settings(url, **deadlines), *ids)
