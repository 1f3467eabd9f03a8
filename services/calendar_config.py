"""Configuration of the business calendar, loadable from a plain dict (a TOML table).

Example ``[calendar]`` table (every key is optional; the defaults are shown)::

    timezone = "Europe/Moscow"
    breaks = ["13:00-14:00"]
    country = "RU"                      # public holidays from the `holidays` package; "" = none
    extra_holidays = []                 # e.g. [2025-12-31]: days off the package does not know
    extra_workdays = []                 # e.g. [2024-04-27]: working days, even on a weekend
    shortened_days = []                 # pre-holiday days, cut by `shortened_by_minutes`
    shortened_by_minutes = 60
    transferred_workday_hours_from = "mon"

    [calendar.working_hours]            # replaces the default as a whole: absent days are off
    mon = "09:00-18:00"
    tue = "09:00-18:00"
    wed = "09:00-18:00"
    thu = "09:00-18:00"
    fri = ["09:00-13:00", "14:00-16:45"]

Intervals are ``"HH:MM-HH:MM"`` strings or ``[start, end]`` pairs of strings or TOML local
times; ``24:00`` is allowed as an end. Times are wall-clock times in ``timezone``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::00)?\s*$")


def _minutes(value: object) -> int:
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    if isinstance(value, str) and (match := _HHMM.match(value)):
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and hours * 60 + minutes <= MINUTES_PER_DAY:
            return hours * 60 + minutes
    raise ValueError(f"not a time of day (HH:MM): {value!r}")


def _parse_interval(value: object) -> tuple[int, int]:
    """``"09:00-18:00"`` or ``["09:00", "18:00"]`` -> minutes since midnight ``(540, 1080)``."""
    if isinstance(value, str):
        parts: Any = value.split("-")
    elif isinstance(value, list | tuple):
        parts = value
    else:
        raise ValueError(f"not an interval: {value!r}")
    if len(parts) != 2:
        raise ValueError(f"an interval needs a start and an end: {value!r}")
    start, end = _minutes(parts[0]), _minutes(parts[1])
    if not start < end:
        raise ValueError(f"an interval must end after it starts: {value!r}")
    return start, end


def _parse_intervals(value: object) -> object:
    # A single "09:00-18:00" is the common case; wrap it so the field is always a list.
    if isinstance(value, str):
        return [value]
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, time) or (isinstance(v, str) and "-" not in v) for v in value)
    ):
        return [value]
    return value


Interval = Annotated[tuple[int, int], BeforeValidator(_parse_interval)]
Intervals = Annotated[tuple[Interval, ...], BeforeValidator(_parse_intervals)]

_NINE_TO_SIX: tuple[tuple[int, int], ...] = ((9 * 60, 18 * 60),)


def _default_hours() -> dict[Weekday, tuple[tuple[int, int], ...]]:
    return {day: _NINE_TO_SIX for day in WEEKDAYS[:5]}


def normalize(intervals: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Sort and merge overlapping or touching intervals."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def subtract(
    intervals: tuple[tuple[int, int], ...], holes: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    """Remove ``holes`` (e.g. lunch breaks) from ``intervals``."""
    result = list(normalize(intervals))
    for hole_start, hole_end in holes:
        pieces: list[tuple[int, int]] = []
        for start, end in result:
            if start < hole_start:
                pieces.append((start, min(end, hole_start)))
            if end > hole_end:
                pieces.append((max(start, hole_end), end))
        result = pieces
    return tuple(result)


class CalendarConfig(BaseModel):
    """Immutable settings of a :class:`~services.business_calendar.BusinessCalendar`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "Europe/Moscow"
    working_hours: Mapping[Weekday, Intervals] = Field(default_factory=_default_hours)
    breaks: Intervals = ((13 * 60, 14 * 60),)
    country: str | None = "RU"
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    shortened_days: frozenset[date] = frozenset()
    shortened_by_minutes: int = Field(default=60, ge=0, le=MINUTES_PER_DAY)
    transferred_workday_hours_from: Weekday = "mon"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone: {value!r}") from exc
        return value

    @field_validator("country")
    @classmethod
    def _empty_country_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _consistent(self) -> CalendarConfig:
        if both := self.extra_holidays & self.extra_workdays:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates both in extra_holidays and extra_workdays: {listed}")
        if not any(self.day_intervals(day) for day in WEEKDAYS):
            raise ValueError("working_hours leave no working time in the week")
        return self

    def day_intervals(self, weekday: Weekday) -> tuple[tuple[int, int], ...]:
        """Working intervals of a weekday in minutes since midnight, lunch breaks removed."""
        return subtract(self.working_hours.get(weekday, ()), normalize(self.breaks))
