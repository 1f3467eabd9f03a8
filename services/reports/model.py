"""What a report holds: plain numbers, ready for the message, the workbook and the chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.reports.period import Period

# Composite executor score (README "Deadlines and reports"), weights of its three parts.
SCORE_ON_TIME, SCORE_CONFIRMED, SCORE_NO_RETURNS = 0.5, 0.3, 0.2


@dataclass
class Counts:
    created: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0


@dataclass(frozen=True, slots=True)
class Durations:
    """Seconds; ``None`` when there is nothing to average."""

    count: int = 0
    avg_calendar: float | None = None
    median_calendar: float | None = None
    avg_working: float | None = None
    median_working: float | None = None


@dataclass
class StageRow:
    key: str
    name: str
    open: int = 0
    overdue: int = 0
    times: Durations = field(default_factory=Durations)
    total_calendar: float = 0.0
    with_deadline: int = 0
    on_time: int = 0

    @property
    def compliance(self) -> float | None:
        return self.on_time / self.with_deadline if self.with_deadline else None


@dataclass
class ExecutorRow:
    person_id: int
    name: str
    closed: int = 0
    avg_calendar: float | None = None
    avg_working: float | None = None
    timed_visits: int = 0
    on_time_visits: int = 0
    returns: int = 0
    confirmed: int = 0
    auto_confirmed: int = 0

    @property
    def on_time(self) -> float | None:
        return self.on_time_visits / self.timed_visits if self.timed_visits else None

    @property
    def score(self) -> float:
        """100 x (0.5 on-time share + 0.3 confirmed share + 0.2 (1 - min(1, returns/closed)))."""
        on_time = 1.0 if self.on_time is None else self.on_time
        answered = self.confirmed + self.auto_confirmed
        confirmed = self.confirmed / answered if answered else 1.0
        returns = min(1.0, self.returns / self.closed) if self.closed else float(self.returns > 0)
        total = SCORE_ON_TIME * on_time + SCORE_CONFIRMED * confirmed
        return round(100 * (total + SCORE_NO_RETURNS * (1 - returns)), 1)


@dataclass
class Report:
    period: Period
    totals: Counts
    by_category: dict[str, Counts]
    by_priority: dict[str, Counts]
    processing: Durations
    stages: list[StageRow]
    executors: list[ExecutorRow]
