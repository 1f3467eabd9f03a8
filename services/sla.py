"""The SLA clock of a stage or a ticket: deadline, elapsed and remaining time, warning instant.

The clock starts when the ticket enters the stage (``entered_at``) and runs in working time
(over a :class:`BusinessCalendar`) or in calendar time (real elapsed time, DST-proof because
all arithmetic is on UTC instants). ``pauses`` are intervals during which the clock stops,
e.g. time spent in a pausing stage; a pause with no end (``None``) is still going on.

Every instant is the *earliest* one at which the condition holds, so the scheduler can flag
``deadline <= now`` without ever flagging early: a 9-working-hour limit entered at 09:00 on a
working day has its deadline at 18:00 that day, not at 09:00 the next one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Literal, Protocol

from services.business_calendar import BusinessCalendar

LimitMode = Literal["working", "calendar"]
Pause = tuple[datetime, datetime | None]

_US = timedelta(microseconds=1)
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")


class Clock(Protocol):
    """Source of the current time; inject a :class:`FixedClock` in tests."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime) -> None:
        self.set(at)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        _require_aware(at)
        self._now = at.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


def parse_duration(text: str) -> timedelta:
    """``"4h"``, ``"30m"``, ``"1h30m"``, ``"2d"`` (a day is 24 hours) -> timedelta."""
    match = _DURATION.match(text.strip().lower().replace(" ", ""))
    if not text.strip() or match is None:
        raise ValueError(f"not a duration like 4h, 30m, 1h30m or 2d: {text!r}")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """How long a stage (or a whole ticket) may take, in working or calendar time."""

    duration: timedelta
    mode: LimitMode = "working"

    def __post_init__(self) -> None:
        if self.duration <= timedelta(0):
            raise ValueError(f"a time limit must be positive, got {self.duration}")
        if self.mode not in ("working", "calendar"):
            raise ValueError(f"mode must be 'working' or 'calendar', got {self.mode!r}")

    @classmethod
    def parse(cls, text: str, mode: LimitMode = "working") -> TimeLimit:
        return cls(parse_duration(text), mode)


@dataclass(frozen=True, slots=True)
class WarnAtPercent:
    """Warn once ``percent`` of the limit has elapsed (measured like the limit)."""

    percent: float

    def __post_init__(self) -> None:
        if not 0 < self.percent < 100:
            raise ValueError(f"percent must be between 0 and 100, got {self.percent}")


@dataclass(frozen=True, slots=True)
class WarnBefore:
    """Warn when ``lead`` of the limit is left (working time for a working-time limit)."""

    lead: timedelta

    def __post_init__(self) -> None:
        if self.lead <= timedelta(0):
            raise ValueError(f"lead must be positive, got {self.lead}")


WarningPolicy = WarnAtPercent | WarnBefore


def parse_warning_policy(text: str) -> WarningPolicy:
    """``"80%"`` -> :class:`WarnAtPercent`; ``"30m"`` / ``"1h"`` -> :class:`WarnBefore`."""
    text = text.strip()
    if text.endswith("%"):
        return WarnAtPercent(float(text[:-1]))
    return WarnBefore(parse_duration(text))


def compute_deadline(
    entered_at: datetime,
    limit: TimeLimit,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause] = (),
) -> datetime | None:
    """The earliest instant (UTC) at which ``limit`` has elapsed since ``entered_at``.

    ``None`` while an open pause holds the clock and the limit was not already used up
    before it started: the deadline is unknown until the pause ends, so store NULL and
    recompute on resume. A deadline reached before a later pause is kept as it is.
    """
    return _instant_after(entered_at, limit.duration, limit.mode, calendar, pauses)


def elapsed(
    entered_at: datetime,
    now: datetime,
    limit_mode: LimitMode,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Clock time in [entered_at, now) minus pauses; zero when ``now`` <= ``entered_at``."""
    _require_aware(entered_at, now)
    if now <= entered_at:
        return timedelta(0)
    total = _measure(entered_at, now, limit_mode, calendar)
    for start, end in _normalize(entered_at, pauses):
        if start >= now:
            break
        stop = now if end is None else min(end, now)
        total -= _measure(start, stop, limit_mode, calendar)
    return total


def remaining(
    entered_at: datetime,
    now: datetime,
    limit: TimeLimit,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Limit minus elapsed clock time; negative once overdue (by that much)."""
    return limit.duration - elapsed(entered_at, now, limit.mode, calendar, pauses)


def warning_at(
    entered_at: datetime,
    limit: TimeLimit,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause],
    policy: WarningPolicy,
) -> datetime | None:
    """The earliest instant (UTC) at which the warning is due, on the limit's own clock.

    ``WarnAtPercent``: when elapsed time first reaches ``percent`` of the limit, rounded up to
    the microsecond so it is never early. ``WarnBefore``: when the remaining time (as
    :func:`remaining` reports it) first drops to ``lead``; for a working-time limit that is
    working time, so with 30 minutes and a deadline at 09:30 Monday the warning comes at 18:00
    Friday, while people are still at work, not at 09:00 Monday or on Sunday night.
    ``None`` when the limit is not longer than ``lead`` (nothing to warn before the start) or
    while an open pause holds the clock, as for :func:`compute_deadline`.
    """
    if isinstance(policy, WarnAtPercent):
        share = Fraction(str(policy.percent)) / 100
        threshold = timedelta(microseconds=math.ceil((limit.duration // _US) * share))
    else:
        threshold = limit.duration - policy.lead
        if threshold <= timedelta(0):
            return None
    return _instant_after(entered_at, threshold, limit.mode, calendar, pauses)


def split_duration(duration: timedelta) -> tuple[int, int, int]:
    """(days, hours, minutes) of a non-negative duration; seconds are dropped, days are 24 h.

    Pass ``abs(remaining(...))`` to show how long a ticket is overdue.
    """
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    days, minutes = divmod(duration // timedelta(minutes=1), 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return days, hours, minutes


def _instant_after(
    entered_at: datetime,
    duration: timedelta,
    mode: LimitMode,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause],
) -> datetime | None:
    _require_aware(entered_at)
    cursor, left = entered_at, duration
    for start, end in _normalize(entered_at, pauses):
        candidate = _advance(cursor, left, mode, calendar)
        if candidate <= start:
            return candidate
        left -= _measure(cursor, start, mode, calendar)
        if end is None:
            return None
        cursor = max(cursor, end)
    return _advance(cursor, left, mode, calendar)


def _advance(
    start: datetime, duration: timedelta, mode: LimitMode, calendar: BusinessCalendar
) -> datetime:
    if mode == "working":
        return calendar.add_working_time(start, duration)
    # Aware + timedelta is wall-clock arithmetic; go through UTC so DST cannot bend it.
    return start.astimezone(UTC) + duration


def _measure(
    start: datetime, end: datetime, mode: LimitMode, calendar: BusinessCalendar
) -> timedelta:
    if mode == "working":
        return calendar.working_time_between(start, end)
    return end - start


def _normalize(entered_at: datetime, pauses: Sequence[Pause]) -> list[Pause]:
    """Pauses clipped to start no earlier than ``entered_at``, sorted and merged."""
    clipped: list[Pause] = []
    for start, end in pauses:
        _require_aware(start, *([] if end is None else [end]))
        if end is not None and end < start:
            raise ValueError(f"a pause ends before it starts: {start} > {end}")
        start = max(start, entered_at)
        if end is None or end > start:
            clipped.append((start, end))
    clipped.sort(key=lambda pause: pause[0])
    merged: list[Pause] = []
    for start, end in clipped:
        last_start, last_end = merged[-1] if merged else (start, None)
        if last_end is not None and start <= last_end:
            merged[-1] = (last_start, None if end is None else max(end, last_end))
        else:
            merged.append((start, end))
        if merged[-1][1] is None:
            break
    return merged


def _require_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"a timezone-aware datetime is required, got {moment!r}")
