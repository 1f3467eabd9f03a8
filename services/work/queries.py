"""Who may get tickets and who is told: executors with their load, managers."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, Subquery, bindparam, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from db.models import Person, PersonRole, Role, Ticket
from services import people
from services.workflow import Candidate


@dataclass(frozen=True, slots=True)
class Executor:
    """An executor with what a manager's picker shows and what the strategies need."""

    person: Person
    open_load: int

    @property
    def candidate(self) -> Candidate:
        return Candidate(
            person_id=self.person.id,
            position=self.person.position or "",
            available=self.person.is_available and self.person.telegram_id is not None,
            open_load=self.open_load,
            active=self.person.is_active,
        )


def _with_role(role: Role) -> ColumnElement[bool]:
    return Person.roles.any(PersonRole.role == role.value)


def _open_load() -> Subquery:
    return (
        select(Ticket.assignee_id, func.count().label("n"))
        .where(Ticket.closed_at.is_(None), Ticket.assignee_id.is_not(None))
        .group_by(Ticket.assignee_id)
        .subquery()
    )


@functools.cache
def _executors_query(with_load: bool) -> Select[Person, int]:
    # Built once: a relationship's any() made building this statement cost more CPU than
    # running it; statements are immutable and run with the session's parameters.
    query = select(Person, literal(0))
    if with_load:
        load = _open_load()
        query = select(Person, func.coalesce(load.c.n, 0)).outerjoin(
            load, load.c.assignee_id == Person.id
        )
    return (
        query.where(Person.is_active.is_(True), _with_role(Role.EXECUTOR))
        .order_by(Person.id)
        .options(joinedload(Person.roles))  # in the same round trip (a handful each)
    )


async def executors(session: AsyncSession, *, with_load: bool = True) -> list[Executor]:
    """Active people holding the executor role, with their number of open tickets (0 each
    without ``with_load``: counting every open ticket is the costly part, and round-robin
    assignment does not need it)."""
    rows = await session.execute(_executors_query(with_load))
    found = [Executor(person, int(n)) for person, n in rows.unique().all()]
    people.keep(session, (e.person for e in found))  # the chosen one is told next
    return found


async def candidates(session: AsyncSession, *, with_load: bool = True) -> list[Candidate]:
    """What :func:`executors` gives the strategies, read as plain columns: for a choice made
    apart from the transaction that tells the chosen one (no person to keep for it)."""
    columns = (
        Person.id,
        Person.position,
        Person.is_available & Person.telegram_id.is_not(None),
        Person.is_active,
    )
    query = select(*columns, literal(0))
    if with_load:
        load = _open_load()
        query = select(*columns, func.coalesce(load.c.n, 0)).outerjoin(
            load, load.c.assignee_id == Person.id
        )
    rows = await session.execute(
        query.where(Person.is_active.is_(True), _with_role(Role.EXECUTOR)).order_by(Person.id)
    )
    return [
        Candidate(
            person_id=person_id,
            position=position or "",
            available=bool(available),
            open_load=int(load),
            active=active,
        )
        for person_id, position, available, active, load in rows
    ]


async def open_load(session: AsyncSession, person_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.assignee_id == person_id, Ticket.closed_at.is_(None))
        )
        or 0
    )


@functools.cache
def _managers_query() -> Select[Person, bool]:
    # The managers and the administrators in one statement: the administrators are only
    # told when there is no manager, and a create that tells the managers runs this.
    is_manager = _with_role(Role.MANAGER)
    return (
        select(Person, is_manager.label("is_manager"))
        .where(
            Person.is_active.is_(True),
            Person.telegram_id.is_not(None),
            or_(
                is_manager,
                _with_role(Role.ADMIN),
                Person.telegram_id.in_(bindparam("config_admins", expanding=True)),
            ),
        )
        .order_by(Person.id)
    )


async def managers(session: AsyncSession, config_admins: Collection[int] = ()) -> list[Person]:
    """Active managers reachable in Telegram (told of every new ticket nobody was given).
    Where nobody has the manager's role, the administrators (``config_admins`` included)
    stand in, so that such news never reaches nobody."""
    rows = (
        await session.execute(_managers_query(), {"config_admins": sorted(config_admins)})
    ).all()
    found = [person for person, is_manager in rows if is_manager]
    return found or [person for person, _ in rows]


async def assigned_to(session: AsyncSession, person_id: int, limit: int = 30) -> list[Ticket]:
    """The person's open tickets, the earliest deadline first, then their recent closed ones."""
    open_rows = await session.scalars(
        select(Ticket)
        .where(Ticket.assignee_id == person_id, Ticket.closed_at.is_(None))
        .order_by(Ticket.stage_deadline_at.is_(None), Ticket.stage_deadline_at, Ticket.id)
        .limit(limit)
    )
    return list(open_rows)
