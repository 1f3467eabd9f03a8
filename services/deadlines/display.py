"""Time left or time overdue of a ticket's stage, for the ticket card and lists."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.models import Ticket
from services.deadlines.planning import DeadlinePlanner
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
    limit = planner.stage_limit(stage) if stage is not None else None
    if limit is not None and limit.mode == "working":
        left = planner.calendar.working_time_between(now, deadline)
    else:
        left = deadline - now
    # Rounded up to the minute: "1 min left" until the very end, never "0 min" early.
    left = max(timedelta(minutes=1), left + timedelta(seconds=59))
    return Msg("deadline-left", _parts(left))
