"""Reading tickets: by number, a person's own, search, attachments and history."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Role, Ticket, TicketAttachment, TicketEvent
from services.tickets import rights
from services.tickets.events import EventKind
from services.tickets.lifecycle import created_in_transaction, rows_in_session
from services.tickets.search_index import SearchQuery

PAGE_SIZE = 8
# "№1024", "№ 1024", "#1024"; the command form is "/t 1024".
_NUMBER_TEXT = re.compile(r"^\s*[№#]\s*(\d{1,9})\s*$")
# The card's one history: everything people did; deadline bookkeeping has its own messages.
_NOT_IN_HISTORY = {
    EventKind.UNASSIGNED,
    EventKind.DEADLINE_WARNED,
    EventKind.DEADLINE_BREACHED,
    EventKind.ESCALATED,
}
HISTORY_KINDS = tuple(kind for kind in EventKind if kind not in _NOT_IN_HISTORY)


@dataclass(frozen=True, slots=True)
class Page:
    tickets: Sequence[Ticket]
    page: int  # 0-based
    pages: int
    total: int


def parse_ticket_number(text: str | None) -> int | None:
    """The number in "№1024", "#1024" or a bare "1024" (the argument of /t)."""
    if not text:
        return None
    match = _NUMBER_TEXT.match(text)
    if match:
        return int(match[1])
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() and len(stripped) <= 9 else None


async def by_number(session: AsyncSession, number: int) -> Ticket | None:
    return await session.scalar(select(Ticket).where(Ticket.number == number))


async def by_id(session: AsyncSession, ticket_id: int) -> Ticket | None:
    return await session.get(Ticket, ticket_id)


async def authored_by(
    session: AsyncSession, person_id: int, *, closed: bool, page: int = 0, size: int = PAGE_SIZE
) -> Page:
    condition = Ticket.closed_at.is_not(None) if closed else Ticket.closed_at.is_(None)
    where = (Ticket.author_id == person_id, condition)
    return await _page(session, where, page, size)


async def search(
    session: AsyncSession,
    query: SearchQuery,
    *,
    person_id: int | None,
    roles: Iterable[Role],
    page: int = 0,
    size: int = PAGE_SIZE,
) -> Page:
    """Tickets the person may see that match ``query`` (see ``search_index``), newest first;
    for a number, that ticket comes first."""
    conditions = _match(query)
    if conditions is None:
        return Page([], 0, 1, 0)
    where = (rights.visible_clause(person_id, roles), conditions)
    first = () if query.number is None else (case((Ticket.number == query.number, 0), else_=1),)
    return await _page(session, where, page, size, order=first)


def _match(query: SearchQuery) -> ColumnElement[bool] | None:
    if query.is_empty:
        return None
    if query.only_number:
        return Ticket.number == query.number
    if query.number is not None:
        either = [Ticket.number == query.number]
        if query.phone_tail is not None:
            either.append(Ticket.phone_digits.like(f"%{query.phone_tail} %"))
        return or_(*either)
    parts = [Ticket.phone_digits.like(f"% {phone} %") for phone in query.phones]
    if query.phone_tail is not None:
        parts.append(Ticket.phone_digits.like(f"%{query.phone_tail} %"))
    # Tokens are letters or digits only: nothing to escape for LIKE.
    parts += [Ticket.search_text.like(f"% {token} %") for token in query.exact]
    parts += [Ticket.search_text.like(f"% {word}%") for word in query.prefixes]
    return and_(*parts)


async def _page(
    session: AsyncSession,
    where: tuple[ColumnElement[bool], ...],
    page: int,
    size: int,
    order: tuple[ColumnElement[int], ...] = (),
) -> Page:
    total = int(await session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0)
    pages = max(1, math.ceil(total / size))
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(
        select(Ticket)
        .where(*where)
        .order_by(*order, Ticket.number.desc())
        .offset(page * size)
        .limit(size)
    )
    return Page(list(rows), page, pages, total)


async def attachments_of(session: AsyncSession, ticket_id: int) -> list[TicketAttachment]:
    rows = await session.scalars(
        select(TicketAttachment)
        .where(TicketAttachment.ticket_id == ticket_id)
        .order_by(TicketAttachment.id)
    )
    return list(rows)


async def attachment_count(session: AsyncSession, ticket_id: int) -> int:
    if created_in_transaction(session, ticket_id):
        return len(rows_in_session(session, TicketAttachment, ticket_id))
    count = await session.scalar(
        select(func.count())
        .select_from(TicketAttachment)
        .where(TicketAttachment.ticket_id == ticket_id)
    )
    return int(count or 0)


async def history(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    """What people did to the ticket (``HISTORY_KINDS``), oldest first."""
    rows = await session.scalars(
        select(TicketEvent)
        .where(
            TicketEvent.ticket_id == ticket_id,
            TicketEvent.kind.in_([kind.value for kind in HISTORY_KINDS]),
        )
        .order_by(TicketEvent.id)
    )
    return list(rows)
