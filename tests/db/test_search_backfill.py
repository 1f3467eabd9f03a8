"""Migration 0009 fills the search index of existing tickets, and 0008's form comes back on
downgrade; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, Role
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.tickets import definitions, lifecycle, queries
from services.tickets.search_index import parse_query

VALUES = {
    "client": "Пётр Иванов",
    "phone": "+7 921 555-01-01",
    "address": "ул. Садовая, д. 10, кв. 5",
    "category": "Сантехника",
    "priority": "Обычный",
    "subject": "Течёт кран",
}


async def _index(engine: sa.ext.asyncio.AsyncEngine) -> list[tuple[str, ...]]:
    async with engine.connect() as connection:
        columns = await connection.run_sync(
            lambda c: {col["name"] for col in sa.inspect(c).get_columns("tickets")}
        )
        wanted = ["search_text"] + (["phone_digits"] if "phone_digits" in columns else [])
        rows = await connection.execute(
            sa.text(f"SELECT {', '.join(wanted)} FROM tickets ORDER BY id")
        )
        return [tuple(row) for row in rows]


async def test_backfill_and_downgrade(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        factory = create_session_factory(engine)
        async with factory() as session, session.begin():
            author = Person(last_name="Оператор")
            session.add(author)
            await session.flush()
            for values in (VALUES, {**VALUES, "phone": "89110000000", "address": "Ёлочная 3"}):
                await lifecycle.create_ticket(
                    session,
                    author_id=author.id,
                    field_set=await definitions.current_field_set(session),
                    workflow=await definitions.current_workflow(session),
                    values=values,
                    planner=DeadlinePlanner(BusinessCalendar()),
                )
        created = await _index(engine)

        await migrate.downgrade(engine, "0008")
        old = await _index(engine)
        assert old[0] == (
            "пётр иванов +7 921 555-01-01 ул. садовая, д. 10, кв. 5 сантехника обычный течёт кран",
        )

        await migrate.upgrade(engine, "0009")
        assert await _index(engine) == created
        assert created[0] == (
            " петр иванов ул садовая д 10 кв 5 сантехника обычный течет кран ",
            " 9215550101 ",
        )
        assert created[1][1] == " 9110000000 "
        await migrate.upgrade(engine)  # the models below are today's
        async with factory() as session:
            page = await queries.search(
                session, parse_query("89215550101"), person_id=author.id, roles=[Role.OPERATOR]
            )
        assert [t.number for t in page.tickets] == [1]
    finally:
        await engine.dispose()
