"""When a stage's deadline falls and when to warn about it, decided on entering the stage.

Stage limits come from the workflow (``StageDefinition.time_limit``); optional whole-ticket
limits (norms) come from the ticket's kind of emergency or, failing that, its priority. A ticket
whose norm runs round the clock (calendar time) has its stage limits counted round the clock
too: an emergency registered at night is not left until the morning. Pausing stages stop both
clocks: the planner takes the instant the clock started and the pauses since, so a ticket that
returns from a pause keeps the time it had left (see ``services.deadlines.resume``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Norm:
    """A whole-ticket limit with where it comes from; ``window`` (minutes since midnight) and
    its ``window_calendar``: the clock runs only inside that part of every day."""

    limit: TimeLimit
    basis: str = ""
    window: tuple[int, int] | None = None
    window_calendar: BusinessCalendar | None = None

    @property
    def round_the_clock(self) -> bool:
        return self.limit.mode == "calendar"

    def deadline(
        self, created_at: datetime, calendar: BusinessCalendar, pauses: Sequence[Pause] = ()
    ) -> datetime | None:
        if self.window_calendar is not None:
            windowed = TimeLimit(self.limit.duration, "working")
            return compute_deadline(created_at, windowed, self.window_calendar, pauses)
        return compute_deadline(created_at, self.limit, calendar, pauses)


NO_DEADLINE = StageDeadline(None, None)
DEFAULT_WARNING: WarningPolicy = WarnAtPercent(80)


def _priority_key(priority: str) -> str:
    return priority.strip().casefold()


@dataclass(frozen=True, slots=True)
class DeadlinePlanner:
    calendar: BusinessCalendar
    warning: WarningPolicy = DEFAULT_WARNING
    # Whole-ticket norms by priority and by kind of emergency (a value of ``emergency_field``),
    # matched case-insensitively.
    priority_limits: Mapping[str, Norm] = field(default_factory=dict)
    emergency_limits: Mapping[str, Norm] = field(default_factory=dict)
    emergency_field: str = "emergency"

    def stage_limit(
        self, stage: StageDefinition, round_the_clock: bool = False
    ) -> TimeLimit | None:
        if stage.time_limit is None or stage.pauses_clock or stage.terminal:
            return None
        minutes = timedelta(minutes=stage.time_limit.minutes)
        return TimeLimit(minutes, "calendar" if round_the_clock else stage.time_limit.mode.value)

    def plan(
        self,
        stage: StageDefinition,
        entered_at: datetime,
        pauses: Sequence[Pause] = (),
        *,
        round_the_clock: bool = False,
    ) -> StageDeadline:
        """Deadline and warning of a stage whose clock started at ``entered_at``."""
        limit = self.stage_limit(stage, round_the_clock)
        if limit is None:
            return NO_DEADLINE
        deadline = compute_deadline(entered_at, limit, self.calendar, pauses)
        warn = warning_at(entered_at, limit, self.calendar, pauses, self.warning)
        return StageDeadline(deadline, warn)

    def ticket_norm(
        self, priority: str | None, values: Mapping[str, Any] | None = None
    ) -> Norm | None:
        """The norm of the ticket's kind of emergency, else of its priority, else ``None``."""
        kind = (values or {}).get(self.emergency_field)
        found = _match(self.emergency_limits, kind) if isinstance(kind, str) else None
        return found or _match(self.priority_limits, priority)

    def round_the_clock(self, priority: str | None, values: Mapping[str, Any] | None) -> bool:
        norm = self.ticket_norm(priority, values)
        return norm is not None and norm.round_the_clock

    def plan_ticket(
        self,
        priority: str | None,
        created_at: datetime,
        pauses: Sequence[Pause] = (),
        values: Mapping[str, Any] | None = None,
    ) -> datetime | None:
        """The whole-ticket deadline; ``None`` without a norm or while a pause holds it."""
        norm = self.ticket_norm(priority, values)
        if norm is None:
            return None
        return norm.deadline(created_at, self.calendar, pauses)

    def working_seconds(self, start: datetime, end: datetime) -> int:
        return int(self.calendar.working_time_between(start, end).total_seconds())


def _match(norms: Mapping[str, Norm], value: str | None) -> Norm | None:
    if not value:
        return None
    wanted = _priority_key(value)
    for name, norm in norms.items():
        if _priority_key(name) == wanted:
            return norm
    return None
