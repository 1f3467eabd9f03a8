"""Staff records: list with search and filters, the person card, roles, (de)activation.

Names, phones and positions are personal data: this module returns them to the bot, which
shows them to admins and managers only; nothing here logs them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Person, PersonRole, Role, Ticket
from services import people
from services.audit import Actor, AuditAction, record, record_role_change
from services.staff_import.normalize import fold

NO_ROLE = "none"  # role filter value: people without any role


@dataclass(frozen=True, slots=True)
class StaffFilter:
    surname: str = ""  # prefix of the surname, case- and yo-insensitive
    position: str = ""  # exact position
    role: str = ""  # a Role value, NO_ROLE or "" for any
    linked: bool | None = None
    active: bool | None = True


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    full_name: str
    position: str | None
    linked: bool
    active: bool


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    total: int
    page: int  # 0-based, clamped to the pages that exist
    pages: int


@dataclass(frozen=True, slots=True)
class Card:
    person: Person
    open_tickets: int


@dataclass(frozen=True, slots=True)
class OpenTicket:
    id: int
    number: int


@dataclass(frozen=True, slots=True)
class Deactivated:
    person_id: int
    full_name: str
    open_tickets: list[OpenTicket]


class Change(enum.StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    SELF = "self"  # an admin may not lock themselves out
    NO_CHANGE = "no_change"


async def list_page(session: AsyncSession, flt: StaffFilter, page: int, size: int) -> Page:
    query: Select[int, str, str, str | None, str | None, int | None, bool] = select(
        Person.id,
        Person.last_name,
        Person.first_name,
        Person.patronymic,
        Person.position,
        Person.telegram_id,
        Person.is_active,
    )
    if flt.position:
        query = query.where(Person.position == flt.position)
    if flt.role == NO_ROLE:
        query = query.where(~Person.roles.any())
    elif flt.role:
        query = query.where(Person.roles.any(PersonRole.role == flt.role))
    if flt.linked is not None:
        linked = Person.telegram_id.is_not(None)
        query = query.where(linked if flt.linked else ~linked)
    if flt.active is not None:
        query = query.where(Person.is_active.is_(flt.active))
    # Surname matching and sorting in Python: SQLite's lower() knows only ASCII letters.
    prefix = fold(flt.surname)
    found = [row for row in await session.execute(query) if fold(row[1]).startswith(prefix)]
    found.sort(key=lambda r: (fold(r[1]), fold(r[2]), fold(r[3]), r[0]))
    pages = max(1, -(-len(found) // size))
    page = min(max(page, 0), pages - 1)
    rows = [
        Row(r[0], _join(r[1], r[2], r[3]), r[4], r[5] is not None, r[6])
        for r in found[page * size : (page + 1) * size]
    ]
    return Page(rows, len(found), page, pages)


async def positions(session: AsyncSession) -> list[str]:
    found = await session.scalars(select(Person.position).where(Person.position.is_not(None)))
    return sorted(set(p for p in found if p), key=fold)


async def card(session: AsyncSession, person_id: int) -> Card | None:
    person = await session.get(Person, person_id)
    if person is None:
        return None
    return Card(person, await open_ticket_count(session, person_id))


async def open_ticket_count(session: AsyncSession, person_id: int) -> int:
    count = await session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.assignee_id == person_id, Ticket.closed_at.is_(None)
        )
    )
    return int(count or 0)


async def open_tickets(session: AsyncSession, person_id: int) -> list[OpenTicket]:
    rows = await session.execute(
        select(Ticket.id, Ticket.number)
        .where(Ticket.assignee_id == person_id, Ticket.closed_at.is_(None))
        .order_by(Ticket.number)
    )
    return [OpenTicket(ticket_id, number) for ticket_id, number in rows]


async def set_active(
    session: AsyncSession, person_id: int, active: bool, actor: Person
) -> tuple[Change, Deactivated | None]:
    person = await session.get(Person, person_id)
    if person is None:
        return Change.NOT_FOUND, None
    if person.id == actor.id and not active:
        return Change.SELF, None
    if person.is_active == active:
        return Change.NO_CHANGE, None
    if active:
        person.is_active = True
        person.deactivated_at = None
        who = Actor.person(actor.id, actor.role_set)
        await record(session, who, AuditAction.REACTIVATED, subject_person_id=person.id)
        return Change.DONE, None
    done = await deactivate_many(session, [person], Actor.person(actor.id, actor.role_set))
    return Change.DONE, done[0]


async def deactivate_many(
    session: AsyncSession, persons: Iterable[Person], actor: Actor
) -> list[Deactivated]:
    """Deactivate; the result names each person's open tickets, to report to managers."""
    done: list[Deactivated] = []
    for person in persons:
        if not person.is_active:
            continue
        person.is_active = False
        person.is_available = False
        person.deactivated_at = utcnow()
        await record(session, actor, AuditAction.DEACTIVATED, subject_person_id=person.id)
        done.append(
            Deactivated(person.id, person.full_name, await open_tickets(session, person.id))
        )
    await session.flush()
    return done


async def set_roles(
    session: AsyncSession, person_id: int, roles: frozenset[Role], actor: Person
) -> Change:
    person = await session.get(Person, person_id)
    if person is None:
        return Change.NOT_FOUND
    if person.id == actor.id and Role.ADMIN in person.role_set and Role.ADMIN not in roles:
        return Change.SELF
    if person.role_set == roles:
        return Change.NO_CHANGE
    before = person.role_set
    await people.set_roles(session, person, roles)
    who = Actor.person(actor.id, actor.role_set)
    await record_role_change(session, who, person.id, before, roles)
    return Change.DONE


async def toggle_available(session: AsyncSession, person_id: int) -> bool | None:
    """Flip "on shift"; returns the new state, None when there is no such active person."""
    person = await session.get(Person, person_id)
    if person is None or not person.is_active:
        return None
    person.is_available = not person.is_available
    await session.flush()
    return person.is_available


async def all_people(session: AsyncSession) -> list[Person]:
    found = list(await session.scalars(select(Person)))
    found.sort(key=lambda p: (fold(p.last_name), fold(p.first_name), fold(p.patronymic), p.id))
    return found


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)
