"""Reading tickets: by number, a person's own, text search, attachments and history."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, TicketAttachment, TicketEvent
from services.tickets.events import EventKind

PAGE_SIZE = 8
MIN_SEARCH_LENGTH = 2
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
    session: AsyncSession, query: str, *, page: int = 0, size: int = PAGE_SIZE
) -> Page:
    """Tickets whose values contain ``query`` (case-insensitive), newest first."""
    needle = query.strip().casefold()
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    where = (Ticket.search_text.like(f"%{escaped}%", escape="\\"),)
    return await _page(session, where, page, size)


async def _page(session: AsyncSession, where: tuple, page: int, size: int) -> Page:
    total = int(await session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0)
    pages = max(1, math.ceil(total / size))
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(
        select(Ticket).where(*where).order_by(Ticket.number.desc()).offset(page * size).limit(size)
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
