"""Per-call cost of the business-calendar arithmetic over 100,000 random calls.

Run: .venv/bin/python bench/bench_sla.py [calls]
"""

import random
import sys
import time
from datetime import UTC, datetime, timedelta

from services.business_calendar import BusinessCalendar
from services.sla import TimeLimit, compute_deadline

SEED = 6


def _report(name: str, calls: int, seconds: float) -> None:
    print(f"{name:<34} {calls:>8} calls  {seconds * 1e6 / calls:7.2f} µs/call  {seconds:6.3f} s")


def main(calls: int = 100_000) -> None:
    calendar = BusinessCalendar()
    rng = random.Random(SEED)
    base = datetime(2023, 1, 1, tzinfo=UTC)
    span = 5 * 365 * 86_400 * 10**6
    starts = [base + timedelta(microseconds=rng.randrange(span)) for _ in range(calls)]
    durations = [timedelta(microseconds=rng.randrange(500 * 3600 * 10**6)) for _ in range(calls)]

    began = time.perf_counter()
    calendar.add_working_time(base, timedelta(hours=1))
    for year in range(2023, 2029):
        calendar.is_working_day(datetime(year, 6, 1).date())
    _report("year tables 2023-2028 (cold)", 6, time.perf_counter() - began)

    began = time.perf_counter()
    ends = [calendar.add_working_time(s, d) for s, d in zip(starts, durations, strict=True)]
    _report("add_working_time (≤500 h)", calls, time.perf_counter() - began)

    began = time.perf_counter()
    for start, end in zip(starts, ends, strict=True):
        calendar.working_time_between(start, end)
    _report("working_time_between", calls, time.perf_counter() - began)

    long_limit = timedelta(hours=500)
    began = time.perf_counter()
    for start in starts:
        calendar.add_working_time(start, long_limit)
    _report("add_working_time (exactly 500 h)", calls, time.perf_counter() - began)

    limit = TimeLimit(timedelta(hours=8))
    pauses = [(s + timedelta(hours=2), s + timedelta(hours=30)) for s in starts]
    began = time.perf_counter()
    for start, pause in zip(starts, pauses, strict=True):
        compute_deadline(start, limit, calendar, [pause])
    _report("compute_deadline (8 h, one pause)", calls, time.perf_counter() - began)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
