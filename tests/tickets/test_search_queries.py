"""Search and duplicate matching in SQL, on SQLite and PostgreSQL: whole numbers, word
prefixes, phones by their last 10 digits, the viewer's scope, re-indexing on edits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, Role, Ticket
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.tickets import definitions, lifecycle, queries, rights
from services.tickets.duplicates import open_duplicates
from services.tickets.search_index import parse_query
from services.tickets.value_edits import change_value

PLANNER = DeadlinePlanner(BusinessCalendar())
OPERATOR = frozenset({Role.OPERATOR})
MANAGER = frozenset({Role.MANAGER})
EXECUTOR = frozenset({Role.EXECUTOR})
TYPES = {"phone": "phone", "address": "text", "subject": "text", "description": "long_text"}


@dataclass
class World:
    factory: async_sessionmaker[AsyncSession]
    first: int  # an operator
    second: int  # another operator
    numbers: dict[str, int]


async def _ticket(session: AsyncSession, author_id: int, **values: Any) -> Ticket:
    return await lifecycle.create_ticket(
        session,
        author_id=author_id,
        field_set=await definitions.current_field_set(session),
        workflow=await definitions.current_workflow(session),
        values={"category": "Сантехника", "priority": "Обычный", **values},
        planner=PLANNER,
    )


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        first, second = Person(last_name="Первая"), Person(last_name="Вторая")
        session.add_all([first, second])
        await session.flush()
        made = {
            "sadovaya_10": await _ticket(
                session,
                first.id,
                address="ул. Садовая, д. 10, кв. 5",
                phone="+7 921 555-01-01",
                subject="Протечка потолка",
            ),
            "sadovaya_1": await _ticket(
                session,
                first.id,
                address="Садовая ул., 1",
                phone="+7 911 000-00-00",
                subject="Нет света",
            ),
            "yolochnaya": await _ticket(
                session,
                second.id,
                address="Ёлочная 3",
                phone="+7 921 555-01-01",
                subject="Течёт кран",
            ),
        }
        numbers = {name: ticket.number for name, ticket in made.items()}
        world = World(factory, first.id, second.id, numbers)
    yield world
    await engine.dispose()


async def _found(
    world: World, text: str, person: int | None = None, roles: frozenset[Role] = MANAGER
) -> list[int]:
    async with world.factory() as session:
        page = await queries.search(
            session, parse_query(text), person_id=person or world.first, roles=roles
        )
        return [ticket.number for ticket in page.tickets]


async def test_address_words_and_whole_house_numbers(world: World) -> None:
    n = world.numbers
    assert await _found(world, "Садовая 10") == [n["sadovaya_10"]]
    assert await _found(world, "садовая 10 5") == [n["sadovaya_10"]]
    assert await _found(world, "ул. Садовая, д. 10, кв. 5") == [n["sadovaya_10"]]
    assert await _found(world, "Садовая 1") == [n["sadovaya_1"]]  # not «д. 10»
    assert await _found(world, "САДОВ") == [n["sadovaya_1"], n["sadovaya_10"]]
    assert await _found(world, "елочная 3") == [n["yolochnaya"]]
    assert await _found(world, "ТЕЧЕТ") == [n["yolochnaya"]]  # ё = е in the subject
    assert await _found(world, "Садовая 10 7") == []


async def test_phones_by_their_last_ten_digits(world: World) -> None:
    n = world.numbers
    both = [n["yolochnaya"], n["sadovaya_10"]]
    assert await _found(world, "89215550101") == both
    assert await _found(world, "+7 (921) 555-01-01") == both
    assert await _found(world, "9215550101") == both
    assert await _found(world, "555-01-01") == both
    assert await _found(world, "89215550102") == []


async def test_numbers_first_then_phones_ending_in_it(world: World) -> None:
    n = world.numbers
    assert await _found(world, str(n["sadovaya_1"])) == [n["sadovaya_1"]]
    assert await _found(world, f"№ {n['yolochnaya']}") == [n["yolochnaya"]]
    assert await _found(world, "№ 999") == []


async def test_scope_is_the_rule_of_can_view(world: World) -> None:
    n = world.numbers
    first, second = world.first, world.second
    assert await _found(world, "Садовая", first, OPERATOR) == [n["sadovaya_1"], n["sadovaya_10"]]
    assert await _found(world, "Садовая", second, OPERATOR) == []
    assert await _found(world, "89215550101", second, OPERATOR) == [n["yolochnaya"]]
    assert await _found(world, f"№ {n['sadovaya_10']}", second, EXECUTOR) == []
    async with world.factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.number == n["sadovaya_10"]).values(assignee_id=second)
        )
    assert await _found(world, "Садовая", second, EXECUTOR) == [n["sadovaya_10"]]
    assert await _found(world, "Садовая", second, frozenset()) == []

    # The SQL clause and can_view agree on every ticket, person and set of roles.
    async with world.factory() as session:
        everything = list(await session.scalars(select(Ticket)))
        for person in (first, second, None):
            for roles in (OPERATOR, EXECUTOR, MANAGER, frozenset({Role.ADMIN}), frozenset()):
                clause = rights.visible_clause(person, roles)
                listed = set(await session.scalars(select(Ticket.id).where(clause)))
                allowed = {t.id for t in everything if rights.can_view(t, person, roles)}
                assert listed == allowed, (person, roles)


async def test_paging(world: World) -> None:
    async with world.factory() as session, session.begin():
        for flat in range(1, 11):
            await _ticket(session, world.first, address=f"Садовая 20, кв. {flat}", subject="x")
    async with world.factory() as session:
        query = parse_query("Садовая 20")
        pages = [
            await queries.search(
                session, query, person_id=world.first, roles=OPERATOR, page=page, size=8
            )
            for page in (0, 1, 5)
        ]
    assert [(p.page, p.pages, p.total, len(p.tickets)) for p in pages] == [
        (0, 2, 10, 8),
        (1, 2, 10, 2),
        (1, 2, 10, 2),  # past the end: the last page
    ]
    numbers = [t.number for p in pages[:2] for t in p.tickets]
    assert numbers == sorted(numbers, reverse=True)
    assert len(set(numbers)) == 10


async def test_an_edited_value_is_found_by_its_new_words(world: World) -> None:
    n = world.numbers
    async with world.factory() as session, session.begin():
        ticket = await session.scalar(select(Ticket).where(Ticket.number == n["sadovaya_1"]))
        assert ticket is not None
        planner = DeadlinePlanner(BusinessCalendar())
        await change_value(
            session, ticket, "address", "Литейный пр., 40", world.first, planner=planner
        )
        await change_value(
            session, ticket, "phone", "+7 900 123-45-67", world.first, planner=planner
        )
    assert await _found(world, "Литейный 40") == [n["sadovaya_1"]]
    assert await _found(world, "Садовая 1") == []
    assert await _found(world, "89001234567") == [n["sadovaya_1"]]
    assert await _found(world, "89110000000") == []


async def test_duplicates_are_open_tickets_with_the_same_address_or_phone(world: World) -> None:
    n = world.numbers

    async def duplicates(
        values: dict[str, Any], person: int
    ) -> tuple[list[tuple[int, bool]], list[tuple[int, bool]]]:
        async with world.factory() as session:
            found = await open_duplicates(
                session, values, TYPES, ["address"], person_id=person, roles=OPERATOR
            )
            return (
                [(d.number, d.visible) for d in found.by_address],
                [(d.number, d.visible) for d in found.by_phone],
            )

    same_place = {"address": "САДОВАЯ улица, дом 10, квартира 5", "phone": "8 999 000 00 00"}
    assert await duplicates(same_place, world.first) == ([(n["sadovaya_10"], True)], [])
    # Another operator is warned too, but may not open the first operator's ticket.
    assert await duplicates(same_place, world.second) == ([(n["sadovaya_10"], False)], [])
    # «Садовая 10» is not the same address as «Садовая 10, кв. 5», nor «Садовая 1».
    assert await duplicates({"address": "Садовая 10"}, world.first) == ([], [])
    same_phone = {"address": "Другая 1", "phone": "89215550101"}
    assert await duplicates(same_phone, world.second) == (
        [],
        [(n["yolochnaya"], True), (n["sadovaya_10"], False)],
    )

    # Closed tickets do not count.
    async with world.factory() as session, session.begin():
        await session.execute(
            update(Ticket)
            .where(Ticket.number == n["sadovaya_10"])
            .values(closed_at=Ticket.created_at, stage_key="closed")
        )
    assert await duplicates(same_place, world.first) == ([], [])
    assert await duplicates(same_phone, world.first) == ([], [(n["yolochnaya"], False)])
