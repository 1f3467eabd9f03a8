"""Flag what is due: stage warnings, stage breaches, whole-ticket breaches, escalation steps.

Deadlines are stored on the ticket, not kept as timers, so a sweep after any downtime finds
everything that fell meanwhile. Each flag is a conditional ``UPDATE ... WHERE <flag> IS NULL
RETURNING`` (or an insert into a unique key), so two sweeps running side by side cannot both
flag the same thing: the second one's condition no longer holds once the first commits. Every
query reads a range of a partial index of open tickets (``ix_tickets_open_stage_deadline``,
``ix_tickets_open_stage_warn``, ``ix_tickets_open_deadline``), so a sweep reads what is due
(and the open tickets already flagged, whose flag is checked on the row), however many tickets
are open. The predicates name no flag column, so flagging is a HOT update of one heap row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Integer,
    Table,
    any_,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import UtcDateTime
from db.dialect import insert as _insert
from db.dialect import is_postgres
from db.models import DeadlineEscalation, Ticket, TicketEvent
from services.tickets.events import EventKind
from services.webhooks.events import enqueue_deadline_events

DueKind = Literal["warning", "breach", "ticket_breach", "escalation"]

_T = cast(Table, Ticket.__table__)
_RETURNED = (
    _T.c.id,
    _T.c.number,
    _T.c.subject,
    _T.c.workflow_version_id,
    _T.c.stage_key,
    _T.c.assignee_id,
    _T.c.stage_deadline_at,
    _T.c.deadline_at,
    _T.c.stage_breached_at,
)


@dataclass(frozen=True, slots=True)
class DueTicket:
    kind: DueKind
    ticket_id: int
    number: int
    subject: str
    workflow_version_id: int
    stage_key: str
    assignee_id: int | None
    deadline_at: datetime | None
    breached_at: datetime | None = None
    step: int = 0  # escalation step, 1-based


def _due(kind: DueKind, row: Any, step: int = 0) -> DueTicket:
    deadline = row.deadline_at if kind == "ticket_breach" else row.stage_deadline_at
    return DueTicket(
        kind,
        row.id,
        row.number,
        row.subject,
        row.workflow_version_id,
        row.stage_key,
        row.assignee_id,
        deadline,
        row.stage_breached_at,
        step,
    )


async def _flag(
    session: AsyncSession,
    kind: DueKind,
    condition: Sequence[ColumnElement[bool]],
    order: ColumnElement[Any],
    values: dict[str, Any],
    limit: int,
) -> list[DueTicket]:
    picked = select(_T.c.id).where(*condition).order_by(order).limit(limit).scalar_subquery()
    # The condition is repeated on the row itself: a concurrent sweep that flagged it first
    # (or a stage change) makes it false, and PostgreSQL re-checks it after the row lock.
    statement = update(_T).where(_T.c.id.in_(picked), *condition).values(**values)
    rows = (await session.execute(statement.returning(*_RETURNED))).all()
    return sorted((_due(kind, row) for row in rows), key=lambda due: due.ticket_id)


async def flag_breaches(session: AsyncSession, now: datetime, limit: int) -> list[DueTicket]:
    """Stages whose deadline has come: flagged overdue, event recorded. The open visit gets
    the flag when it ends (``services.tickets.lifecycle``), so the sweep writes no visits."""
    condition = (
        _T.c.closed_at.is_(None),
        _T.c.stage_breached_at.is_(None),
        _T.c.stage_deadline_at <= now,
    )
    # A breach also settles the warning: no warning for a stage already overdue.
    values = {"stage_breached_at": now, "stage_warned_at": func.coalesce(_T.c.stage_warned_at, now)}
    due = await _flag(session, "breach", condition, _T.c.stage_deadline_at, values, limit)
    await _events(session, due, EventKind.DEADLINE_BREACHED, now, "stage")
    return due


async def flag_warnings(session: AsyncSession, now: datetime, limit: int) -> list[DueTicket]:
    condition = (
        _T.c.closed_at.is_(None),
        _T.c.stage_warned_at.is_(None),
        _T.c.stage_warn_at <= now,
        # An overdue stage gets the breach instead (in this batch or the next one).
        or_(_T.c.stage_deadline_at.is_(None), _T.c.stage_deadline_at > now),
    )
    values = {"stage_warned_at": now}
    due = await _flag(session, "warning", condition, _T.c.stage_warn_at, values, limit)
    await _events(session, due, EventKind.DEADLINE_WARNED, now, "stage")
    return due


async def flag_ticket_breaches(session: AsyncSession, now: datetime, limit: int) -> list[DueTicket]:
    condition = (_T.c.closed_at.is_(None), _T.c.breached_at.is_(None), _T.c.deadline_at <= now)
    due = await _flag(
        session, "ticket_breach", condition, _T.c.deadline_at, {"breached_at": now}, limit
    )
    await _events(session, due, EventKind.DEADLINE_BREACHED, now, "ticket")
    return due


async def take_escalations(
    session: AsyncSession, now: datetime, afters: Sequence[timedelta], limit: int
) -> list[DueTicket]:
    """Escalation steps due now (``after`` past the stage deadline), each taken once."""
    taken: list[DueTicket] = []
    e = cast(Table, DeadlineEscalation.__table__)
    for step, after in enumerate(afters, start=1):
        done = exists().where(
            e.c.ticket_id == _T.c.id, e.c.breached_at == _T.c.stage_breached_at, e.c.step == step
        )
        rows = (
            await session.execute(
                select(*_RETURNED)
                .where(
                    _T.c.closed_at.is_(None),
                    _T.c.stage_breached_at.is_not(None),
                    _T.c.stage_deadline_at <= now - after,
                    ~done,
                )
                .order_by(_T.c.stage_deadline_at)
                .limit(limit)
            )
        ).all()
        if not rows:
            continue
        values = [
            {"ticket_id": r.id, "breached_at": r.stage_breached_at, "step": step, "at": now}
            for r in rows
        ]
        statement = _insert(session, e).values(values).on_conflict_do_nothing()
        won = set((await session.execute(statement.returning(e.c.ticket_id))).scalars())
        steps = [_due("escalation", row, step) for row in rows if row.id in won]
        await _events(session, steps, EventKind.ESCALATED, now, "stage")
        taken.extend(steps)
    return taken


def _among(
    session: AsyncSession, column: ColumnElement[int], ids: list[int]
) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL one array parameter (``= ANY``), so the statement
    text stays the same and its plan is cached, whatever the batch size."""
    if is_postgres(session):
        return column == any_(literal(ids, ARRAY(Integer)))
    return column.in_(ids)


async def _events(
    session: AsyncSession, due: Sequence[DueTicket], kind: EventKind, now: datetime, scope: str
) -> None:
    """One INSERT ... SELECT for the whole batch (the deadline is read from the ticket row)."""
    if not due:
        return
    events = cast(Table, TicketEvent.__table__)
    data: dict[str, Any] = {"scope": scope}
    steps = {d.step for d in due}
    for step in steps:
        ids = [d.ticket_id for d in due if d.step == step]
        payload = {**data, **({"step": step} if step else {})}
        source = select(
            _T.c.id,
            literal(kind.value),
            literal(now, UtcDateTime()),
            _T.c.stage_key,
            literal(payload, JSON()),
        ).where(_among(session, _T.c.id, ids))
        columns = ["ticket_id", "kind", "at", "to_stage", "data"]
        await session.execute(insert(events).from_select(columns, source))
    await enqueue_deadline_events(session, due, kind, now, scope)  # outgoing webhooks
