"""Time left or time overdue of a ticket's stage, and the ticket's norm with its basis, for
the ticket card, lists and notices."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.models import Ticket
from services.deadlines.planning import DeadlinePlanner, Norm
from services.messages import MessageArg, Msg
from services.sla import split_duration
from services.tickets.definitions import workflow_of


def _parts(duration: timedelta) -> dict[str, MessageArg]:
    days, hours, minutes = split_duration(duration)
    return {"days": days, "hours": hours, "minutes": minutes}


def deadline_status(ticket: Ticket, now: datetime, planner: DeadlinePlanner) -> Msg | None:
    """``deadline-left`` (on the limit's own clock: working time for a working-time limit)
    or ``deadline-overdue`` (wall-clock time since the deadline); ``None`` without a deadline.
    """
    deadline = ticket.stage_deadline_at
    if ticket.closed_at is not None:
        return None
    if deadline is None:
        return Msg("deadline-paused") if ticket.paused_since is not None else None
    if now >= deadline:
        return Msg("deadline-overdue", _parts(now - deadline))
    stage = workflow_of(ticket.workflow).get(ticket.stage_key)
    round_the_clock = planner.round_the_clock(ticket.priority, ticket.values)
    limit = planner.stage_limit(stage, round_the_clock) if stage is not None else None
    if limit is not None and limit.mode == "working":
        left = planner.calendar.working_time_between(now, deadline)
    else:
        left = deadline - now
    # Rounded up to the minute: "1 min left" until the very end, never "0 min" early.
    left = max(timedelta(minutes=1), left + timedelta(seconds=59))
    return Msg("deadline-left", _parts(left))


def norm_msg(norm: Norm) -> Msg:
    """«норматив: 30 мин (ПП РФ № 416, п. 13)», «норматив: 2 ч, с 08:00 до 23:00 (…)»."""
    return Msg("deadline-norm", _norm_args(norm))


def _norm_args(norm: Norm) -> dict[str, MessageArg]:
    days, hours, minutes = split_duration(norm.limit.duration)
    start, end = norm.window or (0, 0)
    return {
        "hours": days * 24 + hours,
        "minutes": minutes,
        "basis": norm.basis,
        "has_basis": "yes" if norm.basis else "no",
        "windowed": "yes" if norm.window is not None else "no",
        "from": f"{start // 60:02d}:{start % 60:02d}",
        "to": f"{end // 60:02d}:{end % 60:02d}",
    }


def ticket_norm(ticket: Ticket, planner: DeadlinePlanner) -> Norm | None:
    return planner.ticket_norm(ticket.priority, ticket.values)
