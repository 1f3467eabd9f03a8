"""Monthly report over 1,000,000 tickets and a breach sweep over 1,000,000 open tickets
(1,000 of them due), on PostgreSQL (127.0.0.1:5432, user postgres).

Run: .venv/bin/python bench/bench_deadlines_reports.py [tickets] [all|sweep|report]
Creates (and drops first) the databases helpdesk_bench_report and helpdesk_bench_sweep;
BENCH_REUSE=1 reuses them (flags cleared) instead of generating again (about 6 min each).
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadline_data import generate

from bot.config import Settings
from bot.i18n import get_translator
from db.engine import create_engine, create_session_factory
from scheduler.deadlines import sweep_deadlines
from services.deadlines.sweep import flag_breaches
from services.reports.bundle import build_report
from services.reports.period import dates_period
from services.sla import FixedClock

NOW = "2026-11-27T12:00:00+00:00"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def bench_report(tickets: int) -> None:
    began = time.perf_counter()
    url = await generate(
        "helpdesk_bench_report",
        tickets,
        "2025-12-01T00:00:00+03:00",
        "2026-12-01T00:00:00+03:00",
        open_percent=5,
        due_every=10**9,
        now=NOW,
    )
    took = time.perf_counter() - began
    print(f"report data: {tickets:,} tickets (12 months) generated in {took:.1f} s")
    engine = create_engine(url)
    factory = create_session_factory(engine)
    period = dates_period(date(2026, 10, 1), date(2026, 10, 31), ZoneInfo("Europe/Moscow"), "month")
    i18n = get_translator("ru")
    async with factory() as session:  # warm the connection and the catalog
        await build_report(
            session,
            dates_period(date(2026, 1, 1), date(2026, 1, 1), ZoneInfo("Europe/Moscow")),
            i18n,
        )
    rss_before = _rss_mb()
    for attempt in range(3):
        began = time.perf_counter()
        async with factory() as session:
            files = await build_report(session, period, i18n)
        seconds = time.perf_counter() - began
        print(
            f"monthly report (October, {files.report.totals.created:,} created, "
            f"{files.report.totals.closed:,} closed): {seconds:.2f} s "
            f"(run {attempt + 1}); xlsx {len(files.xlsx) // 1024} KB, "
            f"png {len(files.png) // 1024} KB"
        )
    peak = _peak_mb()
    print(
        f"memory: RSS before {rss_before:.0f} MB, peak {peak:.0f} MB, "
        f"growth {peak - rss_before:.0f} MB"
    )
    await engine.dispose()


async def bench_sweep(tickets: int) -> None:
    began = time.perf_counter()
    due_every = max(1, tickets // 1000)
    url = await generate(
        "helpdesk_bench_sweep",
        tickets,
        "2026-09-01T00:00:00+03:00",
        "2026-11-27T00:00:00+03:00",
        open_percent=100,
        due_every=due_every,
        now=NOW,
    )
    took = time.perf_counter() - began
    due = tickets // due_every
    print(f"sweep data: {tickets:,} open tickets, {due:,} due, generated in {took:.1f} s")
    engine = create_engine(url)
    factory = create_session_factory(engine)
    settings = Settings(database={"url": url})
    clock = FixedClock(datetime.fromisoformat(NOW).astimezone(UTC))
    # Warm up as a running service is: texts loaded, statements compiled, nothing due yet.
    get_translator(settings.company.locale)
    await sweep_deadlines(factory, settings, FixedClock(clock.now() - timedelta(days=30)))
    for attempt in range(3):  # the flagging statements alone, rolled back
        async with factory() as session:
            began = time.perf_counter()
            async with session.begin() as transaction:
                flagged = await flag_breaches(session, clock.now(), 1000)
                await session.flush()
                took = (time.perf_counter() - began) * 1000
                await transaction.rollback()
        print(
            f"flagging {len(flagged):,} breaches (tickets, events; rolled back): "
            f"{took:.0f} ms (run {attempt + 1})"
        )
    began = time.perf_counter()
    counts = await sweep_deadlines(factory, settings, clock, batch=1000)
    seconds = time.perf_counter() - began
    print(
        f"breach sweep: {counts.breaches:,} breaches flagged, {counts.messages:,} notifications "
        f"queued, in {seconds * 1000:.0f} ms"
    )
    began = time.perf_counter()
    again = await sweep_deadlines(factory, settings, clock, batch=1000)
    took = (time.perf_counter() - began) * 1000
    print(f"idle sweep (nothing due): {took:.1f} ms, {again.breaches} flagged")
    await engine.dispose()


async def main(tickets: int, which: str) -> None:
    if which in ("all", "sweep"):
        await bench_sweep(tickets)
    if which in ("all", "report"):
        await bench_report(tickets)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    asyncio.run(main(count, sys.argv[2] if len(sys.argv) > 2 else "all"))
