"""When a stage's deadline falls and when to warn about it, decided on entering the stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.business_calendar import BusinessCalendar
from services.sla import TimeLimit, WarnAtPercent, WarningPolicy, compute_deadline, warning_at
from services.workflow import StageDefinition


@dataclass(frozen=True, slots=True)
class StageDeadline:
    deadline_at: datetime | None
    warn_at: datetime | None


NO_DEADLINE = StageDeadline(None, None)
DEFAULT_WARNING: WarningPolicy = WarnAtPercent(80)


@dataclass(frozen=True, slots=True)
class DeadlinePlanner:
    calendar: BusinessCalendar
    warning: WarningPolicy = DEFAULT_WARNING

    def plan(self, stage: StageDefinition, entered_at: datetime) -> StageDeadline:
        if stage.time_limit is None or stage.pauses_clock or stage.terminal:
            return NO_DEADLINE
        limit = TimeLimit(timedelta(minutes=stage.time_limit.minutes), stage.time_limit.mode.value)
        deadline = compute_deadline(entered_at, limit, self.calendar)
        warn = warning_at(entered_at, limit, self.calendar, (), self.warning)
        return StageDeadline(deadline, warn)

    def working_seconds(self, start: datetime, end: datetime) -> int:
        return int(self.calendar.working_time_between(start, end).total_seconds())
