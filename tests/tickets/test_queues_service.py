"""Managers' queues (services.tickets.queues): which tickets each queue holds, counts,
filters, pages and rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, PersonRole, Role, Ticket, TicketOffer, WorkflowVersion
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.tickets import definitions, lifecycle, queues
from services.tickets.queues import QueueFilter
from services.workflow import Workflow, load_default_workflow

PLANNER = DeadlinePlanner(BusinessCalendar())
MONDAY_10 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
NOW = MONDAY_10 + timedelta(minutes=30)
LAST_WEEK = MONDAY_10 - timedelta(days=7)


def _renamed_confirmation() -> Workflow:
    """The default workflow with the author's confirmation stage under another key and name."""
    stages = []
    for stage in load_default_workflow().stages:
        if stage.key == "awaiting_confirmation":
            stage = stage.model_copy(update={"key": "author_check", "name": "Проверка автором"})
        nexts = tuple(
            "author_check" if s == "awaiting_confirmation" else s for s in stage.next_stages
        )
        stages.append(stage.model_copy(update={"next_stages": nexts}))
    return Workflow(stages=tuple(stages), initial="new")


@dataclass
class World:
    engine: AsyncEngine
    factory: async_sessionmaker[AsyncSession]
    author: int
    ivanov: int
    petrov: int
    numbers: dict[str, int]
    ids: dict[str, int]


async def _ticket(
    session: AsyncSession,
    world: World,
    name: str,
    *,
    workflow: WorkflowVersion,
    at: datetime = MONDAY_10,
    stages: tuple[str, ...] = (),
    assignee: int | None = None,
    **values: Any,
) -> Ticket:
    ticket = await lifecycle.create_ticket(
        session,
        author_id=world.author,
        field_set=await definitions.current_field_set(session),
        workflow=workflow,
        values={
            "subject": f"Тема {name}",
            "category": "Электрика",
            "priority": "Высокий",
            **values,
        },
        planner=PLANNER,
        at=at,
    )
    ticket.assignee_id = assignee
    for stage in stages:
        await lifecycle.enter_stage(
            session, ticket, stage, actor_id=assignee, planner=PLANNER, at=at
        )
    await session.flush()
    world.numbers[name], world.ids[name] = ticket.number, ticket.id
    return ticket


async def _world(url: str) -> World:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        author = Person(last_name="Операторова", first_name="Ольга")
        ivanov = Person(last_name="Иванов", first_name="Иван")
        petrov = Person(last_name="Петров", first_name="Пётр")
        for person in (ivanov, petrov):
            person.roles.append(PersonRole(role=Role.EXECUTOR.value))
        session.add_all([author, ivanov, petrov])
        await session.flush()
        world = World(engine, factory, author.id, ivanov.id, petrov.id, {}, {})
        v1 = await definitions.current_workflow(session)
        await _ticket(session, world, "new", workflow=v1, address="Невский 1")
        pooled = await _ticket(session, world, "pooled", workflow=v1, category="Сантехника")
        session.add(TicketOffer(ticket_id=pooled.id, person_id=ivanov.id, kind="pool"))
        await _ticket(session, world, "new_late", workflow=v1, at=LAST_WEEK)
        await _ticket(
            session, world, "working", workflow=v1, stages=("in_progress",), assignee=ivanov.id
        )
        await _ticket(
            session,
            world,
            "working_late",
            workflow=v1,
            at=LAST_WEEK,
            stages=("in_progress",),
            assignee=ivanov.id,
            category="Сантехника",
        )
        await _ticket(
            session,
            world,
            "confirm_v1",
            workflow=v1,
            stages=("in_progress", "awaiting_confirmation"),
            assignee=petrov.id,
        )
        # Waits for the author, so its clock stops: no deadline, never overdue.
        await _ticket(
            session,
            world,
            "paused",
            workflow=v1,
            at=LAST_WEEK,
            stages=("in_progress", "awaiting_info"),
            assignee=petrov.id,
        )
        await _ticket(
            session,
            world,
            "closed",
            workflow=v1,
            at=LAST_WEEK,
            stages=("in_progress", "awaiting_confirmation", "closed"),
            assignee=ivanov.id,
        )
        await _ticket(session, world, "rejected", workflow=v1, at=LAST_WEEK, stages=("rejected",))
        v2 = await definitions.publish_workflow(session, _renamed_confirmation())
        await _ticket(
            session,
            world,
            "confirm_v2",
            workflow=v2,
            stages=("in_progress", "author_check"),
            assignee=ivanov.id,
        )
        await _ticket(
            session, world, "working_v2", workflow=v2, stages=("in_progress",), assignee=petrov.id
        )
    return world


def _named(world: World, numbers: list[int]) -> set[str]:
    by_number = {number: name for name, number in world.numbers.items()}
    return {by_number[n] for n in numbers}


async def _members(
    world: World, kind: queues.QueueKind, flt: QueueFilter | None = None
) -> set[str]:
    async with world.factory() as session:
        found = await queues.page(session, kind, NOW, flt or QueueFilter(), size=50)
    assert found.total == len(found.rows)
    return _named(world, [row.number for row in found.rows])


OPEN = {
    "new",
    "pooled",
    "new_late",
    "working",
    "working_late",
    "confirm_v1",
    "paused",
    "confirm_v2",
    "working_v2",
}


async def test_each_queue_holds_what_its_definition_says(database_url: str) -> None:
    world = await _world(database_url)
    try:
        assert await _members(world, "open") == OPEN
        # No assignee, including the one offered to the pool and not taken.
        assert await _members(world, "unassigned") == {"new", "pooled", "new_late"}
        # The stage deadline has passed; the paused stage has none; closed ones never count.
        assert await _members(world, "overdue") == {"new_late", "working_late"}
        # The stage waiting for the author, whatever its key in the ticket's own version.
        assert await _members(world, "confirm") == {"confirm_v1", "confirm_v2"}
        async with world.factory() as session:
            counts = await queues.counts(session, NOW)
        assert counts == {"unassigned": 3, "open": 9, "overdue": 2, "confirm": 2}
        assert list(counts) == ["unassigned", "open", "overdue", "confirm"]
    finally:
        await world.engine.dispose()


async def test_a_deadline_moved_into_the_past_makes_a_ticket_overdue(database_url: str) -> None:
    world = await _world(database_url)
    try:
        async with world.factory() as session, session.begin():
            await session.execute(
                update(Ticket)
                .where(Ticket.id == world.ids["working"])
                .values(stage_deadline_at=NOW - timedelta(seconds=1))
            )
        assert await _members(world, "overdue") == {"new_late", "working_late", "working"}
        async with world.factory() as session:
            assert (await queues.counts(session, NOW))["overdue"] == 3
            # At the very instant of the deadline the stage is overdue (as the sweep has it).
            new = await session.get(Ticket, world.ids["new"])
            assert new is not None
            deadline = new.stage_deadline_at
            assert deadline is not None
            found = await queues.page(session, "overdue", deadline, size=50)
        assert "new" in _named(world, [r.number for r in found.rows])
    finally:
        await world.engine.dispose()


async def test_filters_by_category_and_executor(database_url: str) -> None:
    world = await _world(database_url)
    try:
        plumbing = QueueFilter(category="Сантехника")
        assert await _members(world, "open", plumbing) == {"pooled", "working_late"}
        assert await _members(world, "unassigned", plumbing) == {"pooled"}
        by_ivanov = QueueFilter(executor_id=world.ivanov)
        assert await _members(world, "open", by_ivanov) == {
            "working",
            "working_late",
            "confirm_v2",
        }
        assert await _members(world, "open", QueueFilter("Сантехника", world.ivanov)) == {
            "working_late"
        }
        # "Unassigned" has no executors to filter by: the filter is ignored there.
        assert await _members(world, "unassigned", by_ivanov) == {"new", "pooled", "new_late"}
        async with world.factory() as session:
            categories = await queues.categories(session, "open", NOW)
            assert [(c.value, c.count) for c in categories] == [("Сантехника", 2), ("Электрика", 7)]
            categories = await queues.categories(session, "open", NOW, by_ivanov)
            assert [(c.value, c.count) for c in categories] == [("Сантехника", 1), ("Электрика", 2)]
            people = await queues.executors(session, "open", NOW)
            assert [(p.name, p.count) for p in people] == [("Иванов Иван", 3), ("Петров Пётр", 3)]
            people = await queues.executors(session, "confirm", NOW)
            assert [(p.person_id, p.count) for p in people] == [
                (world.ivanov, 1),
                (world.petrov, 1),
            ]
            assert await queues.executors(session, "unassigned", NOW) == []
    finally:
        await world.engine.dispose()


async def test_pages_rows_and_order(database_url: str) -> None:
    world = await _world(database_url)
    try:
        async with world.factory() as session:
            first = await queues.page(session, "open", NOW, size=4)
            pages = [first] + [
                await queues.page(session, "open", NOW, page=p, size=4) for p in (1, 2)
            ]
            beyond = await queues.page(session, "open", NOW, page=99, size=4)
        assert (first.total, first.pages, first.page) == (9, 3, 0)
        assert [len(p.rows) for p in pages] == [4, 4, 1]
        numbers = [row.number for p in pages for row in p.rows]
        assert sorted(numbers) == sorted(world.numbers[n] for n in OPEN)
        # The most overdue first, tickets without a deadline last.
        deadlines = [row.deadline_at for p in pages for row in p.rows]
        dated = [d for d in deadlines if d is not None]
        assert dated == sorted(dated)
        assert deadlines[-1] is None
        assert _named(world, [r.number for r in pages[-1].rows]) == {"paused"}
        assert beyond.page == 2
        assert [r.number for r in beyond.rows] == [r.number for r in pages[-1].rows]

        rows = {row.number: row for p in pages for row in p.rows}
        new = rows[world.numbers["new"]]
        assert (new.address, new.stage_name, new.priority, new.overdue) == (
            "Невский 1",
            "Новая",
            "Высокий",
            False,
        )
        late = rows[world.numbers["working_late"]]
        assert (late.address, late.subject, late.stage_name, late.overdue) == (
            "",
            "Тема working_late",
            "В работе",
            True,
        )
        assert rows[world.numbers["confirm_v2"]].stage_name == "Проверка автором"
        assert rows[world.numbers["paused"]].deadline_at is None
    finally:
        await world.engine.dispose()
