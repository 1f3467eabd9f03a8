"""Ticket events become webhook deliveries in the transaction that makes them.

``note_ticket_event`` is called where every ticket event is recorded
(``services.tickets.lifecycle.record_event``, which cannot wait for the database): it keeps the
event's body, built from the ticket as it is at that moment, in the session, and the session's
next flush (at the latest the commit's) writes one delivery row per enabled endpoint that wants
the event type. The deadline sweep, which writes its events with one INSERT ... SELECT, calls
``enqueue_deadline_events`` instead. Either way the deliveries exist exactly when the change
does: a rolled-back action sends nothing.

The body is minimal and carries no personal data (no field values, no names, no phones):
``{"id", "type", "occurred_at", "ticket": {"number", "stage", "category", "assignee_id"},
"data": {...}}``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import event as sa_event
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from db.models import Ticket, TicketEvent, WebhookDelivery, WebhookEndpoint
from services.tickets.events import EventKind

EVENT_TYPES: tuple[str, ...] = (
    "ticket.created",
    "ticket.assigned",
    "ticket.stage_changed",
    "ticket.warning",
    "ticket.breached",
    "ticket.closed",
    "ticket.reopened",
)
_PENDING = "webhook_events"


@dataclass(frozen=True, slots=True)
class PendingEvent:
    event_id: str
    event_type: str
    ticket_number: int | None
    body: str


def _body(
    event_id: str,
    event_type: str,
    at: datetime,
    ticket: dict[str, Any],
    data: dict[str, Any],
) -> str:
    payload = {
        "id": event_id,
        "type": event_type,
        "occurred_at": at.isoformat(),
        "ticket": ticket,
        "data": data,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def types_of(kind: str, event: TicketEvent, closed: bool) -> list[str]:
    """The webhook event types one ticket event stands for (a close is also a stage change)."""
    if kind == EventKind.CREATED:
        return ["ticket.created"]
    if kind == EventKind.ASSIGNED:
        return ["ticket.assigned"]
    if event.to_stage is None or event.from_stage is None or event.from_stage == event.to_stage:
        return []
    types = ["ticket.stage_changed"]
    if kind == EventKind.REOPENED:
        types.append("ticket.reopened")
    if closed:
        types.append("ticket.closed")
    return types


def note_ticket_event(session: AsyncSession, ticket: Ticket, event: TicketEvent) -> None:
    """Remember the webhook events of ``event``; the next flush queues them."""
    types = types_of(event.kind, event, ticket.closed_at is not None)
    if not types:
        return
    snapshot = {
        "number": ticket.number,
        "stage": event.to_stage or ticket.stage_key,
        "category": ticket.category,
        "assignee_id": ticket.assignee_id,
    }
    data: dict[str, Any] = {}
    if event.from_stage is not None:
        data["from_stage"] = event.from_stage
    if ticket.outcome and "ticket.closed" in types:
        data["outcome"] = ticket.outcome
    pending = session.info.setdefault(_PENDING, [])
    for event_type in types:
        event_id = str(uuid.uuid4())
        body = _body(event_id, event_type, event.at, snapshot, data)
        pending.append(PendingEvent(event_id, event_type, ticket.number, body))


def _rows(
    endpoints: Sequence[tuple[int, list[str]]], events: Sequence[PendingEvent]
) -> list[WebhookDelivery]:
    return [
        WebhookDelivery(
            endpoint_id=endpoint_id,
            event_id=pending.event_id,
            event_type=pending.event_type,
            ticket_number=pending.ticket_number,
            body=pending.body,
        )
        for pending in events
        for endpoint_id, types in endpoints
        if pending.event_type in (types or ())
    ]


_ENDPOINTS = "webhook_endpoints_enabled"
_ENABLED = select(WebhookEndpoint.id, WebhookEndpoint.event_types).where(
    WebhookEndpoint.enabled.is_(True)
)


def no_enabled_endpoints(session: AsyncSession) -> None:
    """This transaction found no enabled endpoint (in a statement made anyway): its flushes
    need not read them (one that enables an endpoint makes them read again)."""
    session.info[_ENDPOINTS] = []


@sa_event.listens_for(Session, "before_flush")
def _queue_noted(session: Session, _context: Any, _instances: Any) -> None:
    events: list[PendingEvent] = session.info.pop(_PENDING, None) or []
    if not events:
        return
    # Read once per transaction (a create flushes several times), again if one is edited.
    endpoints: list[tuple[int, list[str]]] | None = session.info.get(_ENDPOINTS)
    if endpoints is None or any(
        isinstance(row, WebhookEndpoint) for row in (*session.new, *session.dirty)
    ):
        with session.no_autoflush:
            endpoints = [(row.id, list(row.event_types or ())) for row in session.execute(_ENABLED)]
        session.info[_ENDPOINTS] = endpoints
    session.add_all(_rows(endpoints, events))


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_endpoints(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the whole transaction, not a flush's or a savepoint
        session.info.pop(_ENDPOINTS, None)


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_noted(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)


async def renumber_events(session: AsyncSession, provisional: int, number: int) -> None:
    """A ticket created with a stand-in number got its real one: so do its webhook events,
    those still noted and those the flushes queued in this transaction."""
    old, new = f'"number":{provisional},', f'"number":{number},'
    pending: list[PendingEvent] | None = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [
            PendingEvent(p.event_id, p.event_type, number, p.body.replace(old, new))
            if p.ticket_number == provisional
            else p
            for p in pending
        ]
    if not session.info.get(_ENDPOINTS):  # nothing was queued: no endpoint, or no flush yet
        return
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.ticket_number == provisional)
        .values(ticket_number=number, body=func.replace(WebhookDelivery.body, old, new))
        .execution_options(synchronize_session=False)
    )


class DeadlineEvent(Protocol):
    """What the sweep knows of a flagged ticket (``services.deadlines.sweep.DueTicket``)."""

    @property
    def ticket_id(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def stage_key(self) -> str: ...
    @property
    def assignee_id(self) -> int | None: ...


async def enqueue_deadline_events(
    session: AsyncSession,
    due: Sequence[DeadlineEvent],
    kind: EventKind,
    at: datetime,
    scope: str,
) -> None:
    """The sweep's warnings and breaches (``scope``: "stage" or "ticket")."""
    event_type = {
        EventKind.DEADLINE_WARNED: "ticket.warning",
        EventKind.DEADLINE_BREACHED: "ticket.breached",
    }.get(kind)
    if event_type is None or not due:
        return
    endpoints = [
        (row.id, list(row.event_types or ()))
        for row in await session.execute(_ENABLED)
        if event_type in (row.event_types or ())
    ]
    if not endpoints:
        return
    ids = [d.ticket_id for d in due]
    categories = dict(
        (await session.execute(select(Ticket.id, Ticket.category).where(Ticket.id.in_(ids)))).all()
    )
    events = []
    for d in due:
        event_id = str(uuid.uuid4())
        snapshot = {
            "number": d.number,
            "stage": d.stage_key,
            "category": categories.get(d.ticket_id),
            "assignee_id": d.assignee_id,
        }
        body = _body(event_id, event_type, at, snapshot, {"scope": scope})
        events.append(PendingEvent(event_id, event_type, d.number, body))
    session.add_all(_rows(endpoints, events))
