"""When a stage's deadline falls and when to warn about it, decided on entering the stage.

Stage limits come from the workflow (``StageDefinition.time_limit``); optional whole-ticket
limits come from the ticket's priority. Pausing stages stop both clocks: the planner takes the
instant the clock started and the pauses since, so a ticket that returns from a pause keeps the
time it had left (see ``services.deadlines.resume``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from services.business_calendar import BusinessCalendar
from services.sla import (
    Pause,
    TimeLimit,
    WarnAtPercent,
    WarningPolicy,
    compute_deadline,
    warning_at,
)
from services.workflow import StageDefinition


@dataclass(frozen=True, slots=True)
class StageDeadline:
    deadline_at: datetime | None
    warn_at: datetime | None


NO_DEADLINE = StageDeadline(None, None)
DEFAULT_WARNING: WarningPolicy = WarnAtPercent(80)


def _priority_key(priority: str) -> str:
    return priority.strip().casefold()


@dataclass(frozen=True, slots=True)
class DeadlinePlanner:
    calendar: BusinessCalendar
    warning: WarningPolicy = DEFAULT_WARNING
    # Whole-ticket limits by priority (matched case-insensitively), e.g. {"high": 4 h working}.
    priority_limits: Mapping[str, TimeLimit] = field(default_factory=dict)

    def stage_limit(self, stage: StageDefinition) -> TimeLimit | None:
        if stage.time_limit is None or stage.pauses_clock or stage.terminal:
            return None
        minutes = timedelta(minutes=stage.time_limit.minutes)
        return TimeLimit(minutes, stage.time_limit.mode.value)

    def plan(
        self, stage: StageDefinition, entered_at: datetime, pauses: Sequence[Pause] = ()
    ) -> StageDeadline:
        """Deadline and warning of a stage whose clock started at ``entered_at``."""
        limit = self.stage_limit(stage)
        if limit is None:
            return NO_DEADLINE
        deadline = compute_deadline(entered_at, limit, self.calendar, pauses)
        warn = warning_at(entered_at, limit, self.calendar, pauses, self.warning)
        return StageDeadline(deadline, warn)

    def ticket_limit(self, priority: str | None) -> TimeLimit | None:
        if not priority:
            return None
        wanted = _priority_key(priority)
        for name, limit in self.priority_limits.items():
            if _priority_key(name) == wanted:
                return limit
        return None

    def plan_ticket(
        self, priority: str | None, created_at: datetime, pauses: Sequence[Pause] = ()
    ) -> datetime | None:
        """The whole-ticket deadline; ``None`` without a limit or while a pause holds it."""
        limit = self.ticket_limit(priority)
        if limit is None:
            return None
        return compute_deadline(created_at, limit, self.calendar, pauses)

    def working_seconds(self, start: datetime, end: datetime) -> int:
        return int(self.calendar.working_time_between(start, end).total_seconds())
