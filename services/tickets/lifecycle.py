"""Creating tickets and moving them between stages, with their history and stage visits.

Every change goes through here so that the ticket row, its open stage visit and its events
always agree; the rules of *who may* move a ticket live in ``services.workflow``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.orm.attributes import set_committed_value

from db.base import utcnow
from db.models import FieldSetVersion, Ticket, TicketEvent, TicketStageVisit, WorkflowVersion
from db.sqlite import point_statements
from services.audit.tickets import audit_ticket_event, write_unnumbered
from services.deadlines.planning import DeadlinePlanner, StageDeadline
from services.deadlines.resume import resume_clocks
from services.tickets.definitions import workflow_of
from services.tickets.events import EventKind
from services.tickets.numbering import next_number, number_ticket, provisional_number
from services.tickets.processing import clear_processing_time, store_processing_time
from services.tickets.search_index import field_types, index_values
from services.webhooks.events import note_ticket_event, renumber_events
from services.workflow import StageDefinition

# Values copied onto the ticket row for lists, assignment rules and reports.
SUBJECT_KEY = "subject"
# Without a subject field (the housing form asks only «Что случилось») lists show the opening
# of the description instead.
DESCRIPTION_KEY = "description"
TITLE_LIMIT = 120
# Tickets created in this transaction -> their latest stage visit, read without a query.
_NEW_VISITS = "new_tickets_visits"
# The rows added for those tickets in this transaction (attachments, card notices, ...).
_NEW_TICKETS_ROWS = "new_tickets_rows"
CATEGORY_KEY = "category"
PRIORITY_KEY = "priority"


def record_event(
    session: AsyncSession,
    ticket: Ticket,
    kind: EventKind,
    actor_id: int | None,
    *,
    at: datetime | None = None,
    from_stage: str | None = None,
    to_stage: str | None = None,
    text: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=ticket.id,
        kind=kind.value,
        actor_id=actor_id,
        at=at or utcnow(),
        from_stage=from_stage,
        to_stage=to_stage,
        text=text,
        data=dict(data or {}),
    )
    session.add(event)
    audit_ticket_event(
        session, ticket, kind, actor_id, from_stage=from_stage, to_stage=to_stage, data=data
    )
    note_ticket_event(session, ticket, event)  # outgoing webhooks, queued at the flush
    return event


def category_of(values: Mapping[str, Any]) -> str | None:
    """The category a ticket with these values is filed under (assignment rules use it)."""
    category = values.get(CATEGORY_KEY)
    return str(category)[:100] if category else None


def apply_values(ticket: Ticket, values: Mapping[str, Any]) -> None:
    """Store the values and their copies; creation and every edit of a value come here."""
    ticket.values = dict(values)
    ticket.subject = str(values.get(SUBJECT_KEY) or _title(values.get(DESCRIPTION_KEY)))[:300]
    priority = values.get(PRIORITY_KEY)
    ticket.category = category_of(values)
    ticket.priority = str(priority)[:100] if priority else None
    index = index_values(values, field_types(ticket.field_set.definition))
    ticket.search_text = index.search_text
    ticket.phone_digits = index.phone_digits


def _title(description: Any) -> str:
    if not isinstance(description, str):
        return ""
    line = " ".join(description.split())
    if len(line) <= TITLE_LIMIT:
        return line
    head = line[:TITLE_LIMIT]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"


async def create_ticket(
    session: AsyncSession,
    *,
    author_id: int,
    field_set: FieldSetVersion,
    workflow: WorkflowVersion,
    values: Mapping[str, Any],
    planner: DeadlinePlanner,
    at: datetime | None = None,
    number_later: bool = False,
    assignee_id: int | None = None,
    assignment_mode: str | None = None,
) -> Ticket:
    """``number_later``: the ticket gets a stand-in number and the caller calls
    :func:`settle_number` as the transaction's last step, before anything that tells the
    number to anyone (the counter's row stays locked from then to the commit only).

    ``assignee_id``: assigned automatically (``assignment_mode``) as it is created, chosen
    beforehand (``services.work.assignment.choose_for_new``): the ticket and its first stage
    visit are inserted with the assignee, and the assignment is recorded as its own event."""
    at = at or utcnow()
    initial = workflow_of(workflow).initial_stage
    ticket = Ticket(
        number=provisional_number() if number_later else await next_number(session),
        author_id=author_id,
        field_set_version_id=field_set.id,
        workflow_version_id=workflow.id,
        stage_key=initial.key,
        stage_entered_at=at,
        created_at=at,
        assignee_id=assignee_id,
        field_set=field_set,
        workflow=workflow,
    )
    apply_values(ticket, values)
    ticket.deadline_at = planner.plan_ticket(ticket.priority, at, values=ticket.values)
    _plan_stage(ticket, initial, at, planner)  # inserted with its stage deadline: no UPDATE
    session.add(ticket)
    with point_statements():  # new rows by key (and the cursor's): SQLite runs them at once
        await session.flush()
        record_event(session, ticket, EventKind.CREATED, author_id, at=at, to_stage=initial.key)
        if assignee_id is not None:
            assigned = {"person_id": assignee_id, "previous_id": None, "mode": assignment_mode}
            record_event(session, ticket, EventKind.ASSIGNED, None, at=at, data=assigned)
        session.info.setdefault(_NEW_VISITS, {})[ticket.id] = None
        _open_visit(session, ticket, initial.key, at, planner)
        await session.flush()
    return ticket


async def settle_number(session: AsyncSession, ticket: Ticket) -> int:
    """The real number of a ticket created with ``number_later``, written where the stand-in
    went so far: the ticket, its audit entries (which waited for it) and webhook events.
    Numbers stay gap-free: the counter is incremented in the transaction that commits the
    ticket, which holds the counter's row from here to its end."""
    provisional = ticket.number
    if provisional > 0:
        return provisional
    number = await number_ticket(session, ticket.id)
    set_committed_value(ticket, "number", number)  # written: no UPDATE at the next flush
    write_unnumbered(session, provisional, number)
    await renumber_events(session, provisional, number)
    return number


async def enter_stage(
    session: AsyncSession,
    ticket: Ticket,
    stage_key: str,
    *,
    actor_id: int | None,
    planner: DeadlinePlanner,
    at: datetime | None = None,
    kind: EventKind = EventKind.STAGE_CHANGED,
    text: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> TicketEvent:
    """Close the current stage visit, open the next one, and record why."""
    at = at or utcnow()
    stage = workflow_of(ticket.workflow).stage(stage_key)
    previous = ticket.stage_key
    closing = await _close_visit(session, ticket, at, planner)
    ticket.stage_key = stage.key
    if stage.terminal:
        ticket.closed_at = at
        ticket.outcome = stage.outcome.value if stage.outcome else None
        await store_processing_time(session, ticket, closing, at)
    else:
        ticket.closed_at = None
        ticket.outcome = None
        clear_processing_time(ticket)
    ticket.paused_since = at if stage.pauses_clock else None
    event = record_event(
        session,
        ticket,
        kind,
        actor_id,
        at=at,
        from_stage=previous,
        to_stage=stage.key,
        text=text,
        data=data,
    )
    visit = _open_visit(session, ticket, stage.key, at, planner)
    await resume_clocks(session, ticket, visit, previous, at, planner)
    await session.flush()
    return event


def _plan_stage(
    ticket: Ticket, stage: StageDefinition, at: datetime, planner: DeadlinePlanner
) -> StageDeadline:
    """The ticket's clock for the stage it enters at ``at``."""
    plan = planner.plan(
        stage, at, round_the_clock=planner.round_the_clock(ticket.priority, ticket.values)
    )
    ticket.stage_entered_at = at
    ticket.stage_deadline_at = plan.deadline_at
    ticket.stage_warn_at = plan.warn_at
    ticket.stage_warned_at = None
    ticket.stage_breached_at = None
    return plan


def _open_visit(
    session: AsyncSession, ticket: Ticket, stage_key: str, at: datetime, planner: DeadlinePlanner
) -> TicketStageVisit:
    stage = workflow_of(ticket.workflow).stage(stage_key)
    plan = _plan_stage(ticket, stage, at, planner)
    visit = TicketStageVisit(
        ticket_id=ticket.id,
        stage_key=stage_key,
        assignee_id=ticket.assignee_id,
        entered_at=at,
        deadline_at=plan.deadline_at,
        left_at=at if stage.terminal else None,
    )
    session.add(visit)
    known: dict[int, TicketStageVisit | None] | None = session.info.get(_NEW_VISITS)
    if known is not None and ticket.id in known:
        known[ticket.id] = visit
    return visit


def created_in_transaction(session: AsyncSession, ticket_id: int) -> bool:
    """Whether the ticket was created in the session's transaction: everything of it (visits,
    attachments) is then in the session, and need not be queried."""
    known: dict[int, TicketStageVisit | None] | None = session.info.get(_NEW_VISITS)
    return known is not None and ticket_id in known


Row = TypeVar("Row")


def rows_in_session(session: AsyncSession, model: type[Row], ticket_id: int) -> list[Row]:
    """The ``model`` rows of a ticket created in this transaction: all of them were added in
    it, and are held here (the identity map forgets a flushed row nobody references)."""
    held: list[object] = session.info.get(_NEW_TICKETS_ROWS, [])
    return [
        row
        for row in held
        if isinstance(row, model) and getattr(row, "ticket_id", None) == ticket_id
    ]


@sa_event.listens_for(Session, "transient_to_pending")
def _hold_new_tickets_rows(session: Session, instance: object) -> None:
    known: dict[int, TicketStageVisit | None] | None = session.info.get(_NEW_VISITS)
    if known and getattr(instance, "ticket_id", None) in known:
        session.info.setdefault(_NEW_TICKETS_ROWS, []).append(instance)


async def open_visit(session: AsyncSession, ticket: Ticket) -> TicketStageVisit | None:
    known: dict[int, TicketStageVisit | None] | None = session.info.get(_NEW_VISITS)
    if known is not None and ticket.id in known:
        # Created in this transaction: all its visits are in the session (no query).
        visit = known[ticket.id]
        return visit if visit is not None and visit.left_at is None else None
    return await session.scalar(
        select(TicketStageVisit)
        .where(TicketStageVisit.ticket_id == ticket.id, TicketStageVisit.left_at.is_(None))
        .order_by(TicketStageVisit.id.desc())
        .limit(1)
    )


async def _stage_breach(session: AsyncSession, ticket: Ticket) -> datetime | None:
    with session.no_autoflush:  # the ticket row is written once, by the caller's flush
        flagged = await session.scalar(
            select(Ticket.stage_breached_at).where(Ticket.id == ticket.id).with_for_update()
        )
    return flagged or ticket.stage_breached_at


async def _close_visit(
    session: AsyncSession, ticket: Ticket, at: datetime, planner: DeadlinePlanner
) -> TicketStageVisit | None:
    visit = await open_visit(session, ticket)
    if visit is None:
        return None
    stage = workflow_of(ticket.workflow).get(visit.stage_key)
    visit.left_at = at
    # The sweep flags the ticket, not the visit, and may have done so after this ticket was
    # loaded: read the flag under the row lock (a later sweep waits, then finds a new stage).
    visit.breached_at = visit.breached_at or await _stage_breach(session, ticket)
    visit.calendar_seconds = int((at - visit.entered_at).total_seconds())
    visit.working_seconds = planner.working_seconds(visit.entered_at, at)
    paused = stage is not None and stage.pauses_clock
    visit.paused_seconds = visit.calendar_seconds if paused else 0
    return visit


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_new_visits(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a flush's or a savepoint
        session.info.pop(_NEW_VISITS, None)
        session.info.pop(_NEW_TICKETS_ROWS, None)
