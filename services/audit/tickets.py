"""Audit entries for tickets: every event appended to a ticket's history is a change (or the
creation) and is recorded here, from the one place events are written
(``services.tickets.lifecycle.record_event``), so no use case can forget it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket
from services.audit import AuditAction, record_by_person_id
from services.tickets.events import EventKind

# Deadline warnings change nothing in the ticket: they are notices, not changes.
_NOT_CHANGES = frozenset({EventKind.DEADLINE_WARNED, EventKind.DEADLINE_BREACHED})
# Keys of event data that are ids or keys, never values typed by people.
_SAFE_DATA_KEYS = ("key", "person_id", "previous_id", "mode")


def audit_ticket_event(
    session: AsyncSession,
    ticket: Ticket,
    kind: EventKind,
    actor_id: int | None,
    *,
    from_stage: str | None = None,
    to_stage: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> None:
    if kind in _NOT_CHANGES:
        return
    details: dict[str, Any] = {"event": kind.value}
    if from_stage is not None and from_stage != to_stage:
        details["from_stage"] = from_stage
    if to_stage is not None and to_stage != from_stage:
        details["to_stage"] = to_stage
    for key in _SAFE_DATA_KEYS:
        value = (data or {}).get(key)
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            details["field" if key == "key" else key] = value
    action = AuditAction.TICKET_CREATED if kind is EventKind.CREATED else AuditAction.TICKET_CHANGED
    record_by_person_id(session, actor_id, action, ticket_number=ticket.number, details=details)
