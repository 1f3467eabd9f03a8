"""Changing a ticket's field values after creation, with a FIELD_CHANGED event per change."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, TicketEvent
from services.deadlines.planning import DeadlinePlanner
from services.deadlines.replan import planned_from, replan
from services.fields import FieldValue, is_empty
from services.tickets.events import EventKind
from services.tickets.lifecycle import PRIORITY_KEY, apply_values, record_event


async def change_value(
    session: AsyncSession,
    ticket: Ticket,
    key: str,
    value: FieldValue | None,
    actor_id: int,
    *,
    planner: DeadlinePlanner,
) -> TicketEvent | None:
    """Store the new value; ``None`` (and no event) when nothing changes.

    A new priority or kind of emergency plans the ticket's deadlines again, in the same
    transaction, as if it had been created with the new values
    (``services.deadlines.replan``); any other value leaves the deadlines as they are."""
    old = ticket.values.get(key)
    if old == value or (is_empty(old) and is_empty(value)):
        return None
    values = dict(ticket.values)
    if is_empty(value):
        values.pop(key, None)
    else:
        values[key] = value
    apply_values(ticket, values)
    if key in planned_from(planner, PRIORITY_KEY):
        await replan(session, ticket, planner)
    event = record_event(
        session,
        ticket,
        EventKind.FIELD_CHANGED,
        actor_id,
        data={"key": key, "old": old, "new": value},
    )
    await session.flush()
    return event
