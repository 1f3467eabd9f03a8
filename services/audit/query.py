"""Reading the audit log for admins: filters (person, ticket, dates), pages, every row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry, Person
from services.audit import ActorKind

# A download holds at most this many entries (newest first); the filters narrow it down.
EXPORT_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class AuditFilter:
    person_id: int | None = None
    ticket_number: int | None = None
    date_from: date | None = None  # company-local calendar days, both inclusive
    date_to: date | None = None

    @property
    def empty(self) -> bool:
        return self == AuditFilter()


@dataclass(frozen=True, slots=True)
class Line:
    at: datetime
    actor_kind: str
    actor_id: int | None
    actor_name: str | None  # None: the person is gone, or not a person
    actor_roles: tuple[str, ...]
    action: str
    result: str
    ticket_number: int | None
    subject_person_id: int | None


@dataclass(frozen=True, slots=True)
class Page:
    lines: list[Line]
    total: int
    page: int  # 0-based, clamped
    pages: int


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _filtered(flt: AuditFilter, tz: ZoneInfo) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if flt.person_id is not None:
        query = query.where(
            AuditEntry.actor_kind == ActorKind.PERSON.value, AuditEntry.actor_id == flt.person_id
        )
    if flt.ticket_number is not None:
        query = query.where(AuditEntry.ticket_number == flt.ticket_number)
    if flt.date_from is not None:
        query = query.where(AuditEntry.at >= _local_midnight(flt.date_from, tz))
    if flt.date_to is not None:
        query = query.where(AuditEntry.at < _local_midnight(flt.date_to + timedelta(days=1), tz))
    return query


async def _lines(session: AsyncSession, entries: list[AuditEntry]) -> list[Line]:
    ids = {e.actor_id for e in entries if e.actor_kind == ActorKind.PERSON and e.actor_id}
    names: dict[int, str] = {}
    if ids:
        for person in await session.scalars(select(Person).where(Person.id.in_(ids))):
            names[person.id] = person.full_name
    return [
        Line(
            at=e.at,
            actor_kind=e.actor_kind,
            actor_id=e.actor_id,
            actor_name=names.get(e.actor_id)
            if e.actor_kind == ActorKind.PERSON and e.actor_id
            else None,
            actor_roles=tuple(r for r in (e.actor_roles or "").split(",") if r),
            action=e.action,
            result=e.result,
            ticket_number=e.ticket_number,
            subject_person_id=e.subject_person_id,
        )
        for e in entries
    ]


async def page(
    session: AsyncSession, flt: AuditFilter, tz: ZoneInfo, number: int, size: int
) -> Page:
    """Newest first."""
    query = _filtered(flt, tz)
    total = int(await session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    pages = max(1, -(-total // size))
    number = min(max(number, 0), pages - 1)
    entries = list(
        await session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset(number * size)
            .limit(size)
        )
    )
    return Page(await _lines(session, entries), total, number, pages)


async def every_line(session: AsyncSession, flt: AuditFilter, tz: ZoneInfo) -> list[Line]:
    """The filtered log for a download, newest first (at most ``EXPORT_LIMIT`` entries)."""
    query = _filtered(flt, tz).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    entries = list(await session.scalars(query.limit(EXPORT_LIMIT)))
    return await _lines(session, entries)


async def person_name(session: AsyncSession, person_id: int) -> str | None:
    person = await session.get(Person, person_id)
    return person.full_name if person is not None else None
