"""Comments and files added to a ticket after creation, and who hears about them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, Ticket, TicketAttachment, TicketEvent
from services.fields import Attachment
from services.tickets.creation import attachment_row
from services.tickets.events import EventKind
from services.tickets.lifecycle import record_event


def other_side(ticket: Ticket, actor_id: int) -> list[int]:
    """Whom to tell: the author hears about the assignee's additions and vice versa;
    staff acting on someone else's ticket tell both."""
    if actor_id == ticket.author_id:
        targets = [ticket.assignee_id]
    elif actor_id == ticket.assignee_id:
        targets = [ticket.author_id]
    else:
        targets = [ticket.author_id, ticket.assignee_id]
    return sorted({t for t in targets if t is not None and t != actor_id})


async def add_comment(
    session: AsyncSession, ticket: Ticket, actor_id: int, text: str
) -> TicketEvent:
    event = record_event(session, ticket, EventKind.COMMENT, actor_id, text=text)
    await session.flush()
    return event


async def add_attachment(
    session: AsyncSession,
    ticket: Ticket,
    actor_id: int,
    attachment: Attachment,
    caption: str | None = None,
) -> TicketAttachment:
    """The file, and what was written under it as the sender's comment (history shows files
    by name only, so a caption kept on the file event alone would never be read)."""
    caption = (caption or attachment.caption or "").strip() or None
    data = {"kind": attachment.kind, "name": attachment.name}
    event = record_event(session, ticket, EventKind.ATTACHMENT, actor_id, text=caption, data=data)
    await session.flush()
    row = attachment_row(ticket.id, attachment, actor_id, event_id=event.id)
    session.add(row)
    if caption:
        record_event(session, ticket, EventKind.COMMENT, actor_id, text=caption)
    await session.flush()
    return row


async def chat_ids(session: AsyncSession, person_ids: list[int]) -> list[int]:
    """Telegram chats of active people among ``person_ids``."""
    if not person_ids:
        return []
    rows = await session.scalars(
        select(Person.telegram_id).where(
            Person.id.in_(person_ids), Person.is_active.is_(True), Person.telegram_id.is_not(None)
        )
    )
    return sorted(tid for tid in rows if tid is not None)
