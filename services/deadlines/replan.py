"""Deadlines planned again when a value they are planned from changes after creation.

The planner reads two of a ticket's values: its priority and its kind of emergency (the field
``emergency_field``, «Вид аварии»); both choose the norm (the whole-ticket limit) and whether
the stages count round the clock. When a manager's field edit changes one of them, the ticket
gets the deadlines it would have had if it had been created with the new values:

- the norm's deadline (``deadline_at``) from the creation instant, as at creation: a norm of
  Decree 416 counts from the registration of the request, so a ticket re-classified as an
  emergency long after registration may be overdue at once (the sweep flags it at its next run);
- the current stage's deadline and warning time (``stage_deadline_at``, ``stage_warn_at`` and
  the open visit's ``deadline_at``, which compliance reports compare with) from the instant its
  clock started: the entry into the stage, or the first entry of a run that came back from
  pausing stages;
- every pausing stay left out, as ``services.deadlines.resume`` does; while the ticket is in a
  pausing stage neither clock has a deadline.

Nothing is restarted from the edit: changing the priority back and forth gives the original
deadlines again, and a re-plan that finds the same norm changes nothing. A warning or breach
already flagged stays flagged and is not announced again (as across a pause); one not flagged
yet is flagged by the sweep when the new plan makes it due. A closed ticket keeps its
deadlines: they are history.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket
from services.deadlines.planning import DeadlinePlanner
from services.deadlines.resume import stage_run, visits_of
from services.sla import Pause
from services.tickets.definitions import workflow_of


def planned_from(planner: DeadlinePlanner, priority_key: str) -> frozenset[str]:
    """The keys of the values the deadlines are planned from."""
    return frozenset({priority_key, planner.emergency_field})


async def replan(session: AsyncSession, ticket: Ticket, planner: DeadlinePlanner) -> None:
    """Plan the open ticket's deadlines again from its current values (see the module)."""
    if ticket.closed_at is not None:
        return
    workflow = workflow_of(ticket.workflow)
    visits = await visits_of(session, ticket)  # newest first: the open visit, if any, first
    pauses: list[Pause] = [
        (visit.entered_at, visit.left_at)
        for visit in visits
        if (stage := workflow.get(visit.stage_key)) is not None and stage.pauses_clock
    ]
    ticket.deadline_at = planner.plan_ticket(
        ticket.priority, ticket.created_at, pauses, values=ticket.values
    )
    stage = workflow.get(ticket.stage_key)
    current = visits[0] if visits and visits[0].left_at is None else None
    if stage is None or current is None or current.stage_key != stage.key:
        return
    started, stage_pauses = current.entered_at, []
    history = visits[1:]
    left = workflow.get(history[0].stage_key) if history else None
    if left is not None and left.pauses_clock and not stage.pauses_clock:
        # Back from a pause: the clock continues from the first entry of the run.
        run_start, _breached, run_pauses = stage_run(ticket, stage.key, history, current.entered_at)
        if run_start is not None:
            started, stage_pauses = run_start, run_pauses
    round_the_clock = planner.round_the_clock(ticket.priority, ticket.values)
    plan = planner.plan(stage, started, stage_pauses, round_the_clock=round_the_clock)
    ticket.stage_deadline_at = current.deadline_at = plan.deadline_at
    ticket.stage_warn_at = plan.warn_at
