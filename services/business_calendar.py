"""Working-time arithmetic over the company's business calendar.

A day's working periods come from the configured weekday hours minus lunch breaks, unless the
day is a public holiday or a transferred day off (the ``holidays`` package, for Russia: the
holidays of the Labour Code art. 112 plus the yearly government transfer decrees), or a working
weekend day of those decrees (``weekend_workdays`` of the package, e.g. Sat 27 Apr 2024).
``extra_holidays`` / ``extra_workdays`` of the config override both. A working weekend day has
the hours of ``transferred_workday_hours_from`` (Monday by default) unless its own weekday has
hours. ``shortened_days`` lose ``shortened_by_minutes`` from the end of the day.

Cost: per calendar year, a table of each day's working periods (as UTC instants) and a running
total is built once, on first use (~7 ms, plus 20-140 ms for the ``holidays`` package to compute
the year; the first call in a process pays for loading it). After that ``add_working_time`` is
O(log 366 + years skipped) via a binary search over the running total, ``working_time_between``
is O(years spanned), and both do exact integer arithmetic in microseconds, so
``working_time_between(s, add_working_time(s, d)) == d`` holds exactly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from services.calendar_config import WEEKDAYS, CalendarConfig

__all__ = ["BusinessCalendar", "CalendarConfig", "HolidaySource", "package_holidays"]

_US = timedelta(microseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_EMPTY_YEARS = 5

Minutes = tuple[tuple[int, int], ...]
# (days off, working weekend days) of a year, e.g. from the `holidays` package.
HolidaySource = Callable[[int], tuple[frozenset[date], frozenset[date]]]


def package_holidays(country: str) -> HolidaySource:
    """Days off and working weekend days of ``country`` from the ``holidays`` package."""

    def source(year: int) -> tuple[frozenset[date], frozenset[date]]:
        days = holidays.country_holidays(country, years=year)
        return frozenset(days), frozenset(days.weekend_workdays)

    return source


def _no_holidays(_year: int) -> tuple[frozenset[date], frozenset[date]]:
    return frozenset(), frozenset()


def _us(moment: datetime) -> int:
    return (moment - _EPOCH) // _US


def _utc(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


def _require_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"a timezone-aware datetime is required, got {moment!r}")


@dataclass(frozen=True, slots=True)
class _Year:
    number: int
    first_ordinal: int
    periods: tuple[tuple[tuple[int, int], ...], ...]  # per day: (start, end) in epoch µs
    prefix: list[int]  # prefix[i] = working µs in the days before day i

    @property
    def total(self) -> int:
        return self.prefix[-1]


class BusinessCalendar:
    """Working hours, breaks, weekends and holidays of one company, in its time zone.

    All methods take timezone-aware datetimes (naive ones raise ``ValueError``) and return
    aware datetimes in UTC. Instances are immutable apart from an internal per-year cache and
    may be shared between tasks and threads.
    """

    def __init__(
        self, config: CalendarConfig | None = None, *, holiday_source: HolidaySource | None = None
    ) -> None:
        self._config = config or CalendarConfig()
        self._tz = ZoneInfo(self._config.timezone)
        if holiday_source is None:
            country = self._config.country
            holiday_source = package_holidays(country) if country else _no_holidays
        self._holiday_source = holiday_source
        self._weekday_hours = tuple(self._config.day_intervals(day) for day in WEEKDAYS)
        self._transfer_hours = self._config.day_intervals(
            self._config.transferred_workday_hours_from
        )
        self._years: dict[int, _Year] = {}
        self._holidays: dict[int, tuple[frozenset[date], frozenset[date]]] = {}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Build from a plain mapping such as the ``[calendar]`` table of ``config.toml``."""
        return cls(CalendarConfig.model_validate(dict(data)))

    @property
    def config(self) -> CalendarConfig:
        return self._config

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    # --- days -----------------------------------------------------------------------------

    def working_minutes(self, day: date) -> Minutes:
        """Working intervals of ``day`` as minutes since local midnight, e.g. ((540, 780), ...)."""
        config = self._config
        own = self._weekday_hours[day.weekday()]
        if day in config.extra_holidays:
            return ()
        days_off, weekend_workdays = self._holidays_of(day.year)
        if day in config.extra_workdays or (day in weekend_workdays and day not in days_off):
            hours = own or self._transfer_hours
        elif day in days_off:
            return ()
        else:
            hours = own
        if day in config.shortened_days:
            hours = _cut_end(hours, config.shortened_by_minutes)
        return hours

    def prepare(self, years: Iterable[int]) -> None:
        """Build the tables of ``years`` now (start-up), not in the first request."""
        for number in years:
            self._year(number)

    def is_working_day(self, day: date) -> bool:
        year, index = self._day(day)
        return bool(year.periods[index])

    def working_periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working periods of a local calendar day as (start, end) UTC datetimes."""
        year, index = self._day(day)
        return [(_utc(start), _utc(end)) for start, end in year.periods[index]]

    # --- instants -------------------------------------------------------------------------

    def is_working_time(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in a working period; periods are half-open [start, end)."""
        year, index, us = self._locate(moment)
        return any(start <= us < end for start, end in year.periods[index])

    def next_working_time(self, moment: datetime) -> datetime:
        """The earliest working instant at or after ``moment`` (``moment`` itself if working)."""
        year, index, us = self._locate(moment)
        for _ in range(366 * _MAX_EMPTY_YEARS):
            for start, end in year.periods[index]:
                if us < end:
                    return _utc(max(start, us))
            index += 1
            if index == len(year.periods):
                year, index = self._year(year.number + 1), 0
        raise ValueError("no working time in the calendar after this moment")

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant by which ``duration`` of working time has passed since ``start``.

        A start outside working hours counts from the next working period. A duration that
        uses up a working period exactly ends at the period's end (18:00 that day, 13:00 at
        lunch), not at the next period's start. A zero duration returns ``start`` (in UTC).
        """
        if duration < timedelta(0):
            raise ValueError(f"duration must not be negative, got {duration}")
        year, index, us = self._locate(start)
        need = duration // _US
        if need == 0:
            return _utc(us)
        target = self._worked_in_year(year, index, us) + need
        empty_years = 0
        while target > year.total:
            target -= year.total
            empty_years = empty_years + 1 if year.total == 0 else 0
            if empty_years > _MAX_EMPTY_YEARS:
                raise ValueError("no working time in the calendar after this moment")
            year = self._year(year.number + 1)
        index = bisect_left(year.prefix, target) - 1
        left = target - year.prefix[index]
        for period_start, period_end in year.periods[index]:
            if left <= period_end - period_start:
                return _utc(period_start + left)
            left -= period_end - period_start
        raise AssertionError("running total and periods disagree")  # pragma: no cover

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time in [start, end); negative when ``end`` is before ``start``."""
        _require_aware(start, end)
        if end < start:
            return -self.working_time_between(end, start)
        year1, index1, us1 = self._locate(start)
        year2, index2, us2 = self._locate(end)
        worked = self._worked_in_year(year2, index2, us2) - self._worked_in_year(year1, index1, us1)
        for number in range(year1.number, year2.number):
            worked += self._year(number).total
        return timedelta(microseconds=worked)

    # --- tables ---------------------------------------------------------------------------

    def _locate(self, moment: datetime) -> tuple[_Year, int, int]:
        _require_aware(moment)
        year, index = self._day(moment.astimezone(self._tz).date())
        return year, index, _us(moment)

    def _day(self, day: date) -> tuple[_Year, int]:
        year = self._year(day.year)
        return year, day.toordinal() - year.first_ordinal

    def _year(self, number: int) -> _Year:
        year = self._years.get(number)
        if year is None:
            # Two threads may build the same year; both results are equal, so no lock.
            year = self._years[number] = self._build_year(number)
        return year

    def _holidays_of(self, number: int) -> tuple[frozenset[date], frozenset[date]]:
        days = self._holidays.get(number)
        if days is None:
            days = self._holidays[number] = self._holiday_source(number)
        return days

    def _build_year(self, number: int) -> _Year:
        first = date(number, 1, 1).toordinal()
        periods: list[tuple[tuple[int, int], ...]] = []
        prefix = [0]
        for ordinal in range(first, date(number, 12, 31).toordinal() + 1):
            day = date.fromordinal(ordinal)
            midnight = datetime(day.year, day.month, day.day, tzinfo=self._tz)
            day_periods: list[tuple[int, int]] = []
            for start_min, end_min in self.working_minutes(day):
                start = _us(midnight + timedelta(minutes=start_min))
                end = _us(midnight + timedelta(minutes=end_min))
                # A DST gap can shift wall-clock times; keep periods ordered and non-empty.
                if day_periods:
                    start = max(start, day_periods[-1][1])
                if end > start:
                    day_periods.append((start, end))
            periods.append(tuple(day_periods))
            prefix.append(prefix[-1] + sum(end - start for start, end in day_periods))
        return _Year(number, first, tuple(periods), prefix)

    @staticmethod
    def _worked_in_year(year: _Year, index: int, us: int) -> int:
        """Working µs from the year's local start up to the instant ``us`` on day ``index``."""
        worked = year.prefix[index]
        for start, end in year.periods[index]:
            if us <= start:
                break
            worked += min(us, end) - start
        return worked


def _cut_end(hours: Minutes, minutes: int) -> Minutes:
    """Drop the last ``minutes`` of working time of a day (a shortened pre-holiday day)."""
    kept: list[tuple[int, int]] = []
    for start, end in reversed(hours):
        take = min(minutes, end - start)
        minutes -= take
        if end - take > start:
            kept.append((start, end - take))
    return tuple(reversed(kept))
