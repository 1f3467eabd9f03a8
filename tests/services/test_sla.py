"""SLA clock: deadlines, pauses, elapsed and remaining time, warning instants."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.business_calendar import BusinessCalendar
from services.sla import (
    FixedClock,
    SystemClock,
    TimeLimit,
    WarnAtPercent,
    WarnBefore,
    compute_deadline,
    elapsed,
    parse_duration,
    parse_warning_policy,
    remaining,
    split_duration,
    warning_at,
)

MSK = ZoneInfo("Europe/Moscow")
CAL = BusinessCalendar()
H = timedelta(hours=1)
MIN = timedelta(minutes=1)
US = timedelta(microseconds=1)


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK)


MONDAY_9 = msk(2024, 3, 4, 9)  # an ordinary working Monday


def working(hours: float) -> TimeLimit:
    return TimeLimit(hours * H, "working")


def test_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(MONDAY_9)
    assert clock.now() == datetime(2024, 3, 4, 6, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert clock.advance(90 * MIN) == datetime(2024, 3, 4, 7, 30, tzinfo=UTC)
    clock.set(msk(2025, 1, 1))
    assert clock.now() == datetime(2024, 12, 31, 21, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2024, 3, 4))


def test_system_clock_is_aware_utc() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert before <= now <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("entered_at", "limit", "expected"),
    [
        (msk(2024, 3, 4, 10), working(4), msk(2024, 3, 4, 15)),  # over lunch
        (MONDAY_9, working(8), msk(2024, 3, 4, 18)),  # exactly one day: 18:00, not 09:00 Tue
        (msk(2024, 3, 2, 15), working(1), msk(2024, 3, 4, 10)),  # entered on a Saturday
        (msk(2024, 3, 4, 20), working(1), msk(2024, 3, 5, 10)),  # entered after hours
        # Wed 8 May 2024 16:00, 16 h: Thu 9 May holiday, Fri 10 May day off, weekend.
        (msk(2024, 5, 8, 16), working(16), msk(2024, 5, 14, 16)),
        # Fri 26 Apr 2024 17:00, 12 h: Sat 27 Apr works, 29 Apr - 1 May off.
        (msk(2024, 4, 26, 17), working(12), msk(2024, 5, 2, 12)),
        (msk(2024, 3, 1, 17), TimeLimit(4 * H, "calendar"), msk(2024, 3, 1, 21)),
        (msk(2024, 3, 7, 17), TimeLimit(2 * timedelta(days=1), "calendar"), msk(2024, 3, 9, 17)),
    ],
)
def test_compute_deadline(entered_at: datetime, limit: TimeLimit, expected: datetime) -> None:
    deadline = compute_deadline(entered_at, limit, CAL)
    assert deadline == expected
    assert deadline is not None
    assert deadline.tzinfo is UTC


def test_deadline_is_never_early_and_never_late() -> None:
    deadline = compute_deadline(MONDAY_9, working(8), CAL)
    assert deadline == msk(2024, 3, 4, 18)
    clock = FixedClock(deadline - US)
    assert remaining(MONDAY_9, clock.now(), working(8), CAL) == US
    clock.advance(US)
    assert remaining(MONDAY_9, clock.now(), working(8), CAL) == timedelta(0)
    clock.advance(15 * H)  # 09:00 Tuesday: nothing more has elapsed overnight
    assert remaining(MONDAY_9, clock.now(), working(8), CAL) == timedelta(0)
    clock.advance(H)
    assert remaining(MONDAY_9, clock.now(), working(8), CAL) == -H


def test_calendar_limit_counts_real_time_across_dst() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    entered_at = datetime(2024, 3, 30, 22, tzinfo=berlin)  # CET; clocks go forward overnight
    deadline = compute_deadline(entered_at, TimeLimit(24 * H, "calendar"), CAL)
    assert deadline == datetime(2024, 3, 31, 23, tzinfo=berlin)  # 24 real hours, 25 on the wall
    assert deadline == datetime(2024, 3, 31, 21, tzinfo=UTC)


def test_company_time_zone_decides_the_deadline() -> None:
    yekaterinburg = BusinessCalendar.from_dict({"timezone": "Asia/Yekaterinburg"})
    entered_at = datetime(2024, 3, 4, 6, tzinfo=UTC)  # 09:00 in Moscow, 11:00 in Yekaterinburg
    assert compute_deadline(entered_at, working(8), CAL) == datetime(2024, 3, 4, 15, tzinfo=UTC)
    assert compute_deadline(entered_at, working(8), yekaterinburg) == datetime(
        2024, 3, 5, 6, tzinfo=UTC
    )


def test_closed_pause_stops_the_clock() -> None:
    pause = (msk(2024, 3, 4, 10), msk(2024, 3, 4, 15))  # 4 working hours
    assert compute_deadline(MONDAY_9, working(4), CAL, [pause]) == msk(2024, 3, 4, 18)
    assert compute_deadline(MONDAY_9, TimeLimit(4 * H, "calendar"), CAL, [pause]) == msk(
        2024, 3, 4, 18
    )
    assert elapsed(MONDAY_9, msk(2024, 3, 4, 16), "working", CAL, [pause]) == 2 * H
    assert elapsed(MONDAY_9, msk(2024, 3, 4, 12), "working", CAL, [pause]) == H


def test_pause_outside_working_hours_moves_only_calendar_deadlines() -> None:
    night = (msk(2024, 3, 4, 19), msk(2024, 3, 5, 8))
    entered_at = msk(2024, 3, 4, 17)
    assert compute_deadline(entered_at, working(2), CAL, [night]) == msk(2024, 3, 5, 10)
    assert compute_deadline(entered_at, TimeLimit(3 * H, "calendar"), CAL, [night]) == msk(
        2024, 3, 5, 9
    )


def test_pauses_are_clipped_sorted_and_merged() -> None:
    pauses = [
        (msk(2024, 3, 4, 15), msk(2024, 3, 4, 16)),
        (msk(2024, 3, 1, 10), msk(2024, 3, 1, 11)),  # before entry: ignored
        (msk(2024, 3, 4, 8), msk(2024, 3, 4, 10)),  # straddles entry: counts from 09:00
        (msk(2024, 3, 4, 15, 30), msk(2024, 3, 4, 17)),  # overlaps the first one
    ]
    # Clock runs 10-13 (3 h), 14-15 (1 h), 17-18 (1 h): 5 h by 18:00.
    assert compute_deadline(MONDAY_9, working(5), CAL, pauses) == msk(2024, 3, 4, 18)
    assert elapsed(MONDAY_9, msk(2024, 3, 4, 18), "working", CAL, pauses) == 5 * H
    with pytest.raises(ValueError, match="ends before it starts"):
        compute_deadline(MONDAY_9, working(1), CAL, [(msk(2024, 3, 4, 12), msk(2024, 3, 4, 11))])


def test_open_pause_means_no_deadline_until_it_ends() -> None:
    assert compute_deadline(MONDAY_9, working(4), CAL, [(msk(2024, 3, 4, 11), None)]) is None
    # The limit ran out before the pause began: the deadline stands.
    open_late = [(msk(2024, 3, 4, 15), None)]
    assert compute_deadline(MONDAY_9, working(4), CAL, open_late) == msk(2024, 3, 4, 13)
    assert compute_deadline(MONDAY_9, working(4), CAL, [(msk(2024, 3, 4, 13), None)]) == msk(
        2024, 3, 4, 13
    )
    # While paused, elapsed time stands still.
    paused = [(msk(2024, 3, 4, 11), None)]
    assert elapsed(MONDAY_9, msk(2024, 3, 6, 12), "working", CAL, paused) == 2 * H
    assert elapsed(MONDAY_9, msk(2024, 3, 6, 12), "calendar", CAL, paused) == 2 * H
    # Resumed on Wednesday at 10:00: 2 h left.
    resumed = [(msk(2024, 3, 4, 11), msk(2024, 3, 6, 10))]
    assert compute_deadline(MONDAY_9, working(4), CAL, resumed) == msk(2024, 3, 6, 12)


def test_elapsed_and_remaining() -> None:
    now = msk(2024, 3, 5, 10)  # Tuesday
    assert elapsed(MONDAY_9, now, "working", CAL) == 9 * H
    assert elapsed(MONDAY_9, now, "calendar", CAL) == 25 * H
    assert elapsed(MONDAY_9, MONDAY_9 - H, "working", CAL) == timedelta(0)
    assert remaining(MONDAY_9, now, working(16), CAL) == 7 * H
    assert remaining(MONDAY_9, now, working(4), CAL) == -5 * H
    assert remaining(MONDAY_9, now, TimeLimit(24 * H, "calendar"), CAL) == -H


def test_warning_at_percent_of_the_limit() -> None:
    policy = WarnAtPercent(80)
    warn = warning_at(MONDAY_9, working(8), CAL, [], policy)
    assert warn == msk(2024, 3, 4, 16, 24)  # 6 h 24 min of working time
    assert warn is not None
    assert elapsed(MONDAY_9, warn, "working", CAL) == 6 * H + 24 * MIN
    assert elapsed(MONDAY_9, warn - US, "working", CAL) < 6 * H + 24 * MIN
    calendar_limit = TimeLimit(4 * H, "calendar")
    assert warning_at(msk(2024, 3, 4, 10), calendar_limit, CAL, [], policy) == msk(
        2024, 3, 4, 13, 12
    )


def test_percent_warning_rounds_up_never_early() -> None:
    limit = TimeLimit(7 * US, "calendar")  # 80 % is 5.6 microseconds
    assert warning_at(MONDAY_9, limit, CAL, [], WarnAtPercent(80)) == MONDAY_9 + 6 * US
    limit = TimeLimit(H, "calendar")
    assert warning_at(MONDAY_9, limit, CAL, [], WarnAtPercent(33.3)) == MONDAY_9 + timedelta(
        seconds=1198.8
    )


def test_warning_minutes_before_the_deadline() -> None:
    policy = WarnBefore(30 * MIN)
    assert warning_at(MONDAY_9, working(8), CAL, [], policy) == msk(2024, 3, 4, 17, 30)
    # Deadline 09:30 on Tuesday: 30 working minutes are left at 18:00 on Monday.
    assert compute_deadline(MONDAY_9, working(8.5), CAL) == msk(2024, 3, 5, 9, 30)
    assert warning_at(MONDAY_9, working(8.5), CAL, [], policy) == msk(2024, 3, 4, 18)
    calendar_limit = TimeLimit(2 * H, "calendar")
    assert warning_at(msk(2024, 3, 4, 17), calendar_limit, CAL, [], policy) == msk(
        2024, 3, 4, 18, 30
    )
    assert warning_at(MONDAY_9, working(0.5), CAL, [], policy) is None  # nothing to warn before


def test_warning_follows_pauses() -> None:
    pause = [(msk(2024, 3, 4, 10), msk(2024, 3, 4, 15))]
    policy = WarnBefore(30 * MIN)
    assert warning_at(MONDAY_9, working(4), CAL, pause, policy) == msk(2024, 3, 4, 17, 30)
    open_pause = [(msk(2024, 3, 4, 10), None)]
    assert warning_at(MONDAY_9, working(4), CAL, open_pause, policy) is None
    assert warning_at(MONDAY_9, working(4), CAL, open_pause, WarnAtPercent(20)) == msk(
        2024, 3, 4, 9, 48
    )


def test_breach_sweep_with_an_injected_clock_flags_at_the_instant() -> None:
    entered_at = msk(2024, 12, 27, 16)  # Friday before the New Year break
    limit = working(12)
    deadline = compute_deadline(entered_at, limit, CAL)
    warn = warning_at(entered_at, limit, CAL, [], WarnAtPercent(80))
    # 27 Dec: 2 h, Sat 28 Dec (working): 8 h, then 2 h on 9 Jan.
    assert deadline == msk(2025, 1, 9, 11)
    assert warn == msk(2024, 12, 28, 17, 36)
    clock = FixedClock(msk(2025, 1, 5))
    assert (warn <= clock.now(), deadline <= clock.now()) == (True, False)
    clock.set(deadline - US)
    assert deadline > clock.now()
    clock.advance(US)
    assert deadline <= clock.now()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4h", 4 * H), ("30m", 30 * MIN), ("1h30m", 90 * MIN), ("2d", 48 * H), ("45min", 45 * MIN)],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "4", "h", "4 hours", "-1h"])
def test_parse_duration_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_parse_policy_and_limit() -> None:
    assert parse_warning_policy("80%") == WarnAtPercent(80.0)
    assert parse_warning_policy(" 30m ") == WarnBefore(30 * MIN)
    assert TimeLimit.parse("4h") == TimeLimit(4 * H, "working")
    assert TimeLimit.parse("3d", "calendar") == TimeLimit(72 * H, "calendar")
    with pytest.raises(ValueError, match="between 0 and 100"):
        parse_warning_policy("100%")
    with pytest.raises(ValueError, match="positive"):
        TimeLimit(timedelta(0))
    with pytest.raises(ValueError, match="mode"):
        TimeLimit(H, "wall")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="positive"):
        WarnBefore(timedelta(0))


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_deadline(datetime(2024, 3, 4, 9), working(1), CAL)
    with pytest.raises(ValueError, match="timezone-aware"):
        elapsed(MONDAY_9, datetime(2024, 3, 4, 10), "calendar", CAL)
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_deadline(MONDAY_9, working(1), CAL, [(datetime(2024, 3, 4, 10), None)])


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (timedelta(0), (0, 0, 0)),
        (timedelta(days=1, hours=2, minutes=3, seconds=59), (1, 2, 3)),
        (timedelta(minutes=59, seconds=59), (0, 0, 59)),
        (timedelta(hours=49), (2, 1, 0)),
    ],
)
def test_split_duration(duration: timedelta, expected: tuple[int, int, int]) -> None:
    assert split_duration(duration) == expected


def test_split_duration_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        split_duration(-MIN)
