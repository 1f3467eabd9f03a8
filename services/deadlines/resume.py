"""Pausing stages stop the clock: a ticket back from a pause keeps the time it had left.

When a ticket returns to stage S straight from pausing stages (S -> pause -> S, possibly
several times), S's clock restarts where it stopped: the deadline is computed from the first
entry of that run into S, with the pauses taken out. A breach flagged before the pause stays
flagged (no second breach notification for the same run). The whole-ticket limit is recomputed
from the creation instant with every pausing stay taken out; while a pause lasts it is unknown
(``NULL``) unless it was already reached.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, TicketStageVisit
from services.deadlines.planning import DeadlinePlanner
from services.sla import Pause
from services.tickets.definitions import workflow_of

_HISTORY = 100


async def visits_of(session: AsyncSession, ticket: Ticket) -> list[TicketStageVisit]:
    rows = await session.scalars(
        select(TicketStageVisit)
        .where(TicketStageVisit.ticket_id == ticket.id)
        .order_by(TicketStageVisit.id.desc())
        .limit(_HISTORY)
    )
    return list(rows)


async def resume_clocks(
    session: AsyncSession,
    ticket: Ticket,
    visit: TicketStageVisit,
    left_stage_key: str,
    at: datetime,
    planner: DeadlinePlanner,
) -> None:
    """Adjust the deadlines just planned for ``visit`` (opened at ``at``) after a pause."""
    workflow = workflow_of(ticket.workflow)
    left, entered = workflow.get(left_stage_key), workflow.stage(visit.stage_key)
    touches_pause = (left is not None and left.pauses_clock) or entered.pauses_clock
    if not touches_pause:
        return
    await session.flush()
    history = [v for v in await visits_of(session, ticket) if v.id != visit.id]
    if left is not None and left.pauses_clock and not entered.pauses_clock:
        _continue_stage(ticket, visit, history, at, planner)
    if ticket.breached_at is None and planner.ticket_norm(ticket.priority, ticket.values):
        pauses: list[Pause] = [
            (v.entered_at, v.left_at)
            for v in history
            if (stage := workflow.get(v.stage_key)) is not None and stage.pauses_clock
        ]
        if entered.pauses_clock:
            pauses.append((at, None))
        ticket.deadline_at = planner.plan_ticket(
            ticket.priority, ticket.created_at, pauses, values=ticket.values
        )


def _continue_stage(
    ticket: Ticket,
    visit: TicketStageVisit,
    history: list[TicketStageVisit],
    at: datetime,
    planner: DeadlinePlanner,
) -> None:
    workflow = workflow_of(ticket.workflow)
    started, breached, pauses = stage_run(ticket, visit.stage_key, history, at)
    if started is None:
        return
    round_the_clock = planner.round_the_clock(ticket.priority, ticket.values)
    plan = planner.plan(
        workflow.stage(visit.stage_key), started, pauses, round_the_clock=round_the_clock
    )
    ticket.stage_deadline_at = visit.deadline_at = plan.deadline_at
    ticket.stage_warn_at = plan.warn_at
    if plan.warn_at is not None and plan.warn_at <= at:
        ticket.stage_warned_at = plan.warn_at  # due before the pause: not warned again
    if breached is not None:
        ticket.stage_breached_at = visit.breached_at = breached


def stage_run(
    ticket: Ticket, stage_key: str, history: list[TicketStageVisit], at: datetime
) -> tuple[datetime | None, datetime | None, list[Pause]]:
    """The run of ``stage_key`` through pausing stages before a visit to it: where its clock
    started (``None``: no earlier visit to the stage in the run), the breach flagged in the
    run, and the pauses since. ``history``: the earlier visits, newest first."""
    workflow = workflow_of(ticket.workflow)
    started: datetime | None = None
    breached: datetime | None = None
    pauses: list[Pause] = []
    for earlier in history:  # newest first
        stage = workflow.get(earlier.stage_key)
        if earlier.stage_key == stage_key:
            started = earlier.entered_at
            breached = breached or earlier.breached_at
        elif stage is not None and stage.pauses_clock:
            pauses.append((earlier.entered_at, earlier.left_at or at))
        else:
            break
    return started, breached, pauses
