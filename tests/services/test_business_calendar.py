"""Business calendar: working hours, lunch, weekends, Russian holidays and transfers, overrides."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from services.business_calendar import BusinessCalendar, CalendarConfig

MSK = ZoneInfo("Europe/Moscow")
YEKT = ZoneInfo("Asia/Yekaterinburg")
BERLIN = ZoneInfo("Europe/Berlin")
CAL = BusinessCalendar()
H = timedelta(hours=1)
US = timedelta(microseconds=1)


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_default_day_is_nine_to_six_with_lunch_at_one() -> None:
    assert CAL.config.timezone == "Europe/Moscow"
    assert CAL.working_minutes(date(2024, 3, 4)) == ((540, 780), (840, 1080))
    assert CAL.working_periods(date(2024, 3, 4)) == [
        (utc(2024, 3, 4, 6), utc(2024, 3, 4, 10)),
        (utc(2024, 3, 4, 11), utc(2024, 3, 4, 15)),
    ]
    assert CAL.working_minutes(date(2024, 3, 2)) == ()  # Saturday


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (msk(2024, 3, 4, 9), True),
        (msk(2024, 3, 4, 9) - US, False),
        (msk(2024, 3, 4, 12, 59), True),
        (msk(2024, 3, 4, 13), False),  # lunch
        (msk(2024, 3, 4, 14), True),
        (msk(2024, 3, 4, 18) - US, True),
        (msk(2024, 3, 4, 18), False),
        (msk(2024, 3, 2, 12), False),  # Saturday
        (msk(2025, 1, 3, 12), False),  # New Year holidays
        (utc(2024, 3, 4, 6), True),  # 09:00 in Moscow, given in UTC
    ],
)
def test_is_working_time(moment: datetime, expected: bool) -> None:
    assert CAL.is_working_time(moment) is expected


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (msk(2024, 3, 4, 10), 2 * H, msk(2024, 3, 4, 12)),
        (msk(2024, 3, 4, 10), 3 * H, msk(2024, 3, 4, 13)),  # ends at lunch, not at 14:00
        (msk(2024, 3, 4, 10), 3.5 * H, msk(2024, 3, 4, 14, 30)),
        (msk(2024, 3, 4, 13, 30), H / 2, msk(2024, 3, 4, 14, 30)),  # starts in lunch
        (msk(2024, 3, 4, 9), 8 * H, msk(2024, 3, 4, 18)),  # ends at 18:00 that day
        (msk(2024, 3, 4, 9), 8 * H + US, msk(2024, 3, 5, 9) + US),
        (msk(2024, 3, 4, 7), H, msk(2024, 3, 4, 10)),  # before opening
        (msk(2024, 3, 4, 20), H, msk(2024, 3, 5, 10)),  # after closing
        (msk(2024, 3, 2, 12), H, msk(2024, 3, 4, 10)),  # on a Saturday
        (msk(2024, 3, 1, 17), 2 * H, msk(2024, 3, 4, 10)),  # over a weekend
        (msk(2024, 3, 4, 9), 32 * H, msk(2024, 3, 7, 18)),  # Fri 8 March is a holiday
        (msk(2024, 3, 4, 9), 33 * H, msk(2024, 3, 11, 10)),
    ],
)
def test_add_working_time(start: datetime, duration: timedelta, expected: datetime) -> None:
    result = CAL.add_working_time(start, duration)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # New Year 2025: Sat 28 Dec 2024 works, 30 Dec - 8 Jan are off.
        (msk(2024, 12, 27, 17), msk(2024, 12, 28, 10)),
        (msk(2024, 12, 28, 17), msk(2025, 1, 9, 10)),
        # 9 May 2025: Thu 8 May is a transferred day off, Fri 9 May the holiday.
        (msk(2025, 5, 7, 17), msk(2025, 5, 12, 10)),
        # 4 Nov 2024 (Mon): Sat 2 Nov is a working day.
        (msk(2024, 11, 1, 17), msk(2024, 11, 2, 10)),
        (msk(2024, 11, 2, 17), msk(2024, 11, 5, 10)),
        # 4 Nov 2025 (Tue): Sat 1 Nov works, Mon 3 Nov is off instead.
        (msk(2025, 10, 31, 17), msk(2025, 11, 1, 10)),
        (msk(2025, 11, 1, 17), msk(2025, 11, 5, 10)),
        # 2024 May holidays: Sat 27 Apr works, Mon 29 and Tue 30 Apr are off.
        (msk(2024, 4, 27, 17), msk(2024, 5, 2, 10)),
    ],
)
def test_holidays_and_transfers(start: datetime, expected: datetime) -> None:
    assert CAL.add_working_time(start, 2 * H) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 1, 1), False),
        (date(2024, 1, 8), False),
        (date(2024, 1, 9), True),
        (date(2025, 5, 9), False),
        (date(2024, 11, 4), False),
        (date(2024, 4, 27), True),  # working Saturday
        (date(2024, 11, 2), True),  # working Saturday
        (date(2024, 12, 28), True),  # working Saturday
        (date(2024, 4, 28), False),  # an ordinary Sunday
        (date(2024, 4, 29), False),  # transferred day off (from 27 Apr)
        (date(2024, 5, 10), False),  # transferred day off (from 6 Jan)
        (date(2024, 12, 31), False),  # transferred day off (from 7 Jan)
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_working_saturday_has_monday_hours() -> None:
    assert CAL.working_minutes(date(2024, 4, 27)) == ((540, 780), (840, 1080))


def test_year_totals_match_the_official_production_calendar() -> None:
    days_2024 = sum(CAL.is_working_day(date(2024, 1, 1) + i * timedelta(1)) for i in range(366))
    assert days_2024 == 248
    assert CAL.working_time_between(msk(2024, 1, 1), msk(2025, 1, 1)) == 1984 * H
    assert CAL.working_time_between(msk(2025, 1, 1), msk(2026, 1, 1)) == 247 * 8 * H
    # The official 2024 norm for a 40-hour week, with its five shortened pre-holiday days.
    shortened = [date(2024, 2, 22), date(2024, 3, 7), date(2024, 5, 8), date(2024, 6, 11)]
    calendar = BusinessCalendar.from_dict({"shortened_days": [*shortened, date(2024, 11, 2)]})
    assert calendar.working_time_between(msk(2024, 1, 1), msk(2025, 1, 1)) == 1979 * H


def test_working_time_between() -> None:
    assert CAL.working_time_between(msk(2024, 3, 4, 9), msk(2024, 3, 7, 18)) == 32 * H
    assert CAL.working_time_between(msk(2024, 3, 4, 12), msk(2024, 3, 4, 15)) == 2 * H
    assert CAL.working_time_between(msk(2024, 3, 4, 15), msk(2024, 3, 4, 12)) == -2 * H
    assert CAL.working_time_between(msk(2024, 3, 2), msk(2024, 3, 3, 23)) == timedelta(0)
    # Across New Year: 27 Dec, Sat 28 Dec, 9 Jan, 10 Jan.
    assert CAL.working_time_between(msk(2024, 12, 27, 9), msk(2025, 1, 10, 18)) == 32 * H
    assert CAL.working_time_between(msk(2020, 1, 1), msk(2030, 1, 1)) > 19_000 * H


def test_next_working_time() -> None:
    assert CAL.next_working_time(msk(2024, 3, 4, 10)) == msk(2024, 3, 4, 10)
    assert CAL.next_working_time(msk(2024, 3, 4, 13, 5)) == msk(2024, 3, 4, 14)
    assert CAL.next_working_time(msk(2024, 12, 28, 18)) == msk(2025, 1, 9, 9)


def test_extra_holidays_and_workdays_override_the_package() -> None:
    calendar = BusinessCalendar.from_dict(
        {
            "extra_holidays": ["2024-03-04", date(2024, 4, 27)],
            "extra_workdays": [date(2024, 3, 9), "2025-01-08"],
        }
    )
    assert calendar.add_working_time(msk(2024, 3, 7, 17), 2 * H) == msk(2024, 3, 9, 10)
    assert calendar.add_working_time(msk(2024, 3, 9, 17), 2 * H) == msk(2024, 3, 11, 10)
    assert calendar.add_working_time(msk(2024, 3, 1, 17), 2 * H) == msk(2024, 3, 5, 10)
    assert calendar.is_working_day(date(2024, 4, 27)) is False
    assert calendar.is_working_day(date(2025, 1, 8)) is True
    assert calendar.working_minutes(date(2025, 1, 8)) == ((540, 780), (840, 1080))


def test_config_from_toml_like_dict() -> None:
    config = CalendarConfig.model_validate(
        {
            "timezone": "Asia/Yekaterinburg",
            "working_hours": {"mon": "08:00-17:00", "fri": ["08:00", "15:45"]},
            "breaks": ["12:00-12:45"],
            "country": "",
            "shortened_by_minutes": 30,
            "transferred_workday_hours_from": "fri",
            "extra_workdays": ["2024-03-02"],
            "shortened_days": ["2024-03-04"],
        }
    )
    calendar = BusinessCalendar(config)
    assert config.country is None
    assert calendar.working_minutes(date(2024, 3, 4)) == ((480, 720), (765, 990))
    assert calendar.working_minutes(date(2024, 3, 5)) == ()  # Tuesday: not configured
    assert calendar.working_minutes(date(2024, 3, 2)) == ((480, 720), (765, 945))
    assert calendar.is_working_day(date(2025, 1, 3)) is True  # Friday; no holidays source
    assert CalendarConfig.model_validate({"working_hours": {"sat": "00:00-24:00"}}).working_hours[
        "sat"
    ] == ((0, 1440),)


@pytest.mark.parametrize(
    "data",
    [
        {"timezone": "Mars/Olympus"},
        {"working_hours": {"mon": "18:00-09:00"}},
        {"working_hours": {"mon": "9-18"}},
        {"working_hours": {"monday": "09:00-18:00"}},
        {"working_hours": {}},
        {"breaks": ["13:00-25:00"]},
        {"extra_holidays": ["2025-01-09"], "extra_workdays": ["2025-01-09"]},
        {"unknown_key": 1},
    ],
)
def test_bad_config_is_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        CalendarConfig.model_validate(data)


def test_shortened_day_loses_its_last_hour() -> None:
    calendar = BusinessCalendar.from_dict({"shortened_days": [date(2024, 2, 22)]})
    assert calendar.working_minutes(date(2024, 2, 22)) == ((540, 780), (840, 1020))
    # Thu 22 Feb ends at 17:00; 23 Feb is a holiday, then a weekend.
    assert calendar.add_working_time(msk(2024, 2, 22, 16), 2 * H) == msk(2024, 2, 26, 10)


def test_time_zone_of_the_company_decides_the_hours() -> None:
    yekaterinburg = BusinessCalendar.from_dict({"timezone": "Asia/Yekaterinburg"})
    moment = utc(2024, 3, 4, 5, 30)  # 08:30 in Moscow, 10:30 in Yekaterinburg
    assert CAL.is_working_time(moment) is False
    assert yekaterinburg.is_working_time(moment) is True
    start = utc(2024, 3, 4, 6)  # 09:00 MSK, 11:00 YEKT
    assert CAL.add_working_time(start, 8 * H) == utc(2024, 3, 4, 15)
    assert yekaterinburg.add_working_time(start, 8 * H) == utc(2024, 3, 5, 6)
    local = datetime(2024, 3, 4, 9, tzinfo=YEKT)
    assert yekaterinburg.add_working_time(local, H) == utc(2024, 3, 4, 5)


def test_daylight_saving_zone_keeps_wall_clock_hours() -> None:
    berlin = BusinessCalendar.from_dict({"timezone": "Europe/Berlin", "country": None})
    friday = datetime(2024, 3, 29, 17, tzinfo=BERLIN)  # CET; Sunday 31 March switches to CEST
    assert berlin.add_working_time(friday, 2 * H) == utc(2024, 4, 1, 8)  # Mon 10:00 CEST
    monday = datetime(2024, 4, 1, 10, tzinfo=BERLIN)
    assert berlin.working_time_between(friday, monday) == 2 * H


def test_naive_datetimes_and_negative_durations_are_rejected() -> None:
    naive = datetime(2024, 3, 4, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.is_working_time(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_working_time(naive, H)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.working_time_between(msk(2024, 3, 4), naive)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_time(msk(2024, 3, 4), -H)


def test_zero_duration_returns_the_start_even_outside_hours() -> None:
    assert CAL.add_working_time(msk(2024, 3, 2, 12), timedelta(0)) == utc(2024, 3, 2, 9)


def _naive_add(calendar: BusinessCalendar, start: datetime, duration: timedelta) -> datetime:
    """Reference: walk the days one by one."""
    day, left = start.astimezone(calendar.tz).date(), duration
    while True:
        for period_start, period_end in calendar.working_periods(day):
            period_start = max(period_start, start)
            if period_end <= period_start:
                continue
            if left <= period_end - period_start:
                return period_start + left
            left -= period_end - period_start
        day += timedelta(days=1)


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Yekaterinburg", "Europe/Berlin"])
def test_round_trip_and_reference_on_random_spans(zone: str) -> None:
    calendar = BusinessCalendar.from_dict({"timezone": zone})
    rng = random.Random(20240427)
    base = datetime(2023, 1, 1, tzinfo=UTC)
    for _ in range(400):
        start = base + timedelta(microseconds=rng.randrange(5 * 365 * 86_400 * 10**6))
        duration = timedelta(microseconds=rng.randrange(600 * 3600 * 10**6))
        end = calendar.add_working_time(start, duration)
        assert calendar.working_time_between(start, end) == duration
        assert end == _naive_add(calendar, start, duration)
        assert calendar.working_time_between(start, end - US) == duration - US
