"""Audit entries for tickets: every event appended to a ticket's history is a change (or the
creation) and is recorded here, from the one place events are written
(``services.tickets.lifecycle.record_event``), so no use case can forget it. A caller that audits
the action itself, under another actor, says so with :func:`audited_by_caller`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from db.models import AuditEntry, Ticket
from services.audit import AuditAction, entry_by_person_id, record_by_person_id
from services.tickets.events import EventKind

# Deadline warnings change nothing in the ticket: they are notices, not changes.
_NOT_CHANGES = frozenset({EventKind.DEADLINE_WARNED, EventKind.DEADLINE_BREACHED})
# Keys of event data that are ids or keys, never values typed by people.
_SAFE_DATA_KEYS = ("key", "person_id", "previous_id", "mode")
_UNNUMBERED = "audit_unnumbered_entries"
_AUDITED_BY_CALLER = "audit_ticket_events_audited_by_caller"


@contextmanager
def audited_by_caller(session: AsyncSession, person_id: int) -> Iterator[None]:
    """Ticket events by ``person_id`` within get no entry here: the caller records the action
    under who really did it. The API acts as a person (a ticket or comment needs an author:
    ``[api] author_person_id`` or the key's creator) but audits each call under the key
    (``bot.api.routes``); the event's entry would log it twice, once as that person's."""
    earlier = session.info.get(_AUDITED_BY_CALLER)
    session.info[_AUDITED_BY_CALLER] = person_id
    try:
        yield
    finally:
        if earlier is None:
            session.info.pop(_AUDITED_BY_CALLER, None)
        else:
            session.info[_AUDITED_BY_CALLER] = earlier


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
    if actor_id is not None and actor_id == session.info.get(_AUDITED_BY_CALLER):
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
    if ticket.number > 0:
        record_by_person_id(session, actor_id, action, ticket_number=ticket.number, details=details)
        return
    # A stand-in number (``create_ticket(number_later=True)``): the log is append-only, so the
    # entry waits for the real number (``write_unnumbered``) instead of being corrected.
    entry = entry_by_person_id(
        actor_id, action, ticket_number=ticket.number, details=details, session=session
    )
    session.info.setdefault(_UNNUMBERED, []).append(entry)


def write_unnumbered(session: AsyncSession, provisional: int, number: int) -> None:
    """The entries that waited for the real number of the ticket numbered ``provisional``."""
    waiting: list[AuditEntry] = session.info.get(_UNNUMBERED) or []
    for entry in waiting:
        if entry.ticket_number == provisional:
            entry.ticket_number = number
            session.add(entry)
    left = [entry for entry in waiting if entry.ticket_number != number]
    if left:
        session.info[_UNNUMBERED] = left
    else:
        session.info.pop(_UNNUMBERED, None)


@sa_event.listens_for(Session, "before_commit")
def _refuse_unnumbered(session: Session) -> None:
    if session.info.get(_UNNUMBERED) and not session.in_nested_transaction():
        raise RuntimeError("a ticket created with number_later was not given its number")


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_unnumbered(session: Session, _previous: Any) -> None:
    session.info.pop(_UNNUMBERED, None)
