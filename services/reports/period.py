"""Report periods: a day, a week (Monday to Sunday), a month or chosen dates, in company time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

PeriodKind = Literal["day", "week", "month", "custom"]


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    first_day: date
    last_day: date  # inclusive
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive

    @property
    def label(self) -> str:
        if self.first_day == self.last_day:
            return self.first_day.strftime("%d.%m.%Y")
        return f"{self.first_day:%d.%m.%Y}–{self.last_day:%d.%m.%Y}"


def dates_period(first: date, last: date, tz: ZoneInfo, kind: PeriodKind = "custom") -> Period:
    """From the start of ``first`` to the end of ``last`` in ``tz`` (both days included)."""
    if last < first:
        first, last = last, first
    start = datetime.combine(first, time(0), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(UTC)
    return Period(kind, first, last, start, end)


def current_period(kind: PeriodKind, today: date, tz: ZoneInfo) -> Period:
    """The day, week or month that contains ``today``."""
    if kind == "week":
        first = today - timedelta(days=today.weekday())
        return dates_period(first, first + timedelta(days=6), tz, "week")
    if kind == "month":
        first = today.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return dates_period(first, following - timedelta(days=1), tz, "month")
    return dates_period(today, today, tz, "day" if kind == "custom" else kind)


def previous_period(kind: PeriodKind, moment: datetime, tz: ZoneInfo) -> Period:
    """The last complete day, week or month before ``moment`` (what a schedule reports on)."""
    today = moment.astimezone(tz).date()
    this = current_period(kind, today, tz)
    return current_period(kind, this.first_day - timedelta(days=1), tz)
