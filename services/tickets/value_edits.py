"""Changing a ticket's field values after creation, with a FIELD_CHANGED event per change."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, TicketEvent
from services.fields import FieldValue, is_empty
from services.tickets.events import EventKind
from services.tickets.lifecycle import apply_values, record_event


async def change_value(
    session: AsyncSession, ticket: Ticket, key: str, value: FieldValue | None, actor_id: int
) -> TicketEvent | None:
    """Store the new value; ``None`` (and no event) when nothing changes."""
    old = ticket.values.get(key)
    if old == value or (is_empty(old) and is_empty(value)):
        return None
    values = dict(ticket.values)
    if is_empty(value):
        values.pop(key, None)
    else:
        values[key] = value
    apply_values(ticket, values)
    event = record_event(
        session,
        ticket,
        EventKind.FIELD_CHANGED,
        actor_id,
        data={"key": key, "old": old, "new": value},
    )
    await session.flush()
    return event
