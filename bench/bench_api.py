"""Tickets created through the integration API: sustained creates per second and latency.

The service runs as its own process (``python -m bot run`` with ``[api] enabled``) against
the fake Bot API the tests use, served from this process together with C concurrent HTTP
clients. Each client creates tickets one after another (each with its own Idempotency-Key)
for D seconds after a warm-up; a request's latency runs from sending it to reading the 201.
Every new ticket is assigned round-robin to one of the executors, who is told through the
outbox: at the end the bench waits until the fake Bot API has every notice and reports how
long the last one took after the last create.

On PostgreSQL the service runs with ``[api] workers = W``: its main process and W - 1 web
workers serve the API on one port (bot/web/workers.py); SQLite serves one process.

The closed loop (C clients, each creating one ticket after another) finds how many creates
a second the service makes at most; then, on PostgreSQL, an open loop sends a create every
1/R seconds whatever the earlier ones are doing, as calls come in, and measures each latency
from when its request was due.

Run: .venv/bin/python bench/bench_api.py [--clients C] [--seconds D] [--workers W] [--rate R]
(default: 16, 20, 2, 100). PostgreSQL is used when HELPDESK_TEST_PG_DSN (default
postgresql://postgres@127.0.0.1:5432/postgres) is reachable. Target on PostgreSQL:
>= 100 creates/s with p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake Bot API lives in tests/

from db import migrate  # noqa: E402
from db.engine import create_engine, create_session_factory  # noqa: E402
from db.models import Person, PersonRole, Role  # noqa: E402
from services.api.keys import create_key  # noqa: E402
from tests.databases import fresh_postgres, pg_available  # noqa: E402
from tests.fakes.bot_api import FakeBotAPI  # noqa: E402

TOKEN = "123456789:BENCH-token-for-the-fake-bot-api-0001"
EXECUTORS = range(60_001, 60_009)
WARM_UP = 30
VALUES = {
    "address": "ул. Садовая, д. 10",
    "flat": "5",
    "client": "Иванова Мария Петровна",
    "phone": "+7 921 555-01-01",
    "category": "Сантехника",
    "priority": "Обычная",
    "description": "Течёт стояк в ванной, заливает квартиру ниже",
}


@dataclass
class Figures:
    creates: int
    seconds: float
    latencies: list[float]
    errors: int
    delivery_lag: float  # seconds from the last 201 to the last executor notice
    cpu_seconds: float  # the service process's CPU time during the measured run

    @property
    def per_second(self) -> float:
        return self.creates / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _seed(url: str) -> str:
    """The executors, the key's creator and a key with every scope; returns the key."""
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        for telegram_id in EXECUTORS:
            session.add(
                Person(
                    last_name="Сантехников",
                    first_name=str(telegram_id),
                    telegram_id=telegram_id,
                    roles=[PersonRole(role=Role.EXECUTOR.value)],
                )
            )
        creator = Person(
            last_name="АТС", first_name="", roles=[PersonRole(role=Role.OPERATOR.value)]
        )
        session.add(creator)
        await session.flush()
        made = await create_key(
            session, name="bench", scopes=["read", "create"], created_by_id=creator.id
        )
    await engine.dispose()
    return made.secret


def _stat(pid: int | str) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(main_pid: int) -> float:
    """CPU time of the service: its main process and its web workers."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(entry.name)
        except OSError:
            continue  # gone meanwhile
        if entry.name == str(main_pid) or fields[1] == str(main_pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@asynccontextmanager
async def _service(
    url: str, api: FakeBotAPI, port: int, log: Path, workers: int
) -> AsyncIterator[int]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")},
        "PYTHONPATH": str(ROOT),
        "HELPDESK_TELEGRAM__TOKEN": TOKEN,
        "HELPDESK_TELEGRAM__API_BASE": api.base_url,
        "HELPDESK_TELEGRAM__POLLING_TIMEOUT": "5",
        "HELPDESK_DATABASE__URL": url,
        "HELPDESK_API__ENABLED": "true",
        "HELPDESK_API__LISTEN_PORT": str(port),
        "HELPDESK_API__RATE_LIMIT_PER_MINUTE": "1000000",
        "HELPDESK_WORKFLOW__ASSIGNMENT__MODE": "auto_round_robin",
        "HELPDESK_PRIVACY__REQUIRE_ACCEPTANCE": "false",
        "HELPDESK_API__WORKERS": str(workers),
    }
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=out, stderr=out
        )
    try:
        yield process.pid
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), 30)


async def _wait_listening(log: Path, workers: int) -> None:
    """Until every process of the service listens (each logs it once)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = await asyncio.to_thread(log.read_text, errors="replace")
        if text.count("web server listening") >= workers:
            return
        await asyncio.sleep(0.1)
    raise SystemExit("the service did not start listening: see its log")


def _notices(api: FakeBotAPI) -> int:
    return sum(
        1
        for chat in EXECUTORS
        for _kind, message in api.chats[chat].events
        if "назначена заявка" in message.text
    )


async def _run(
    url: str,
    clients: int,
    seconds: float,
    workdir: Path,
    label: str,
    workers: int = 1,
    rate: float | None = None,
) -> Figures:
    """``clients`` creating one ticket after another; or, with ``rate``, a new create every
    1/rate seconds whatever the earlier ones are doing (as calls come in), on up to
    2 x ``clients`` connections."""
    secret = await _seed(url)
    api = FakeBotAPI()
    await api.start()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {secret}"}
    ids = itertools.count(1)
    log = workdir / f"service-{label}.log"
    try:
        async with (
            _service(url, api, port, log, workers) as pid,
            aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=clients * 2), headers=headers
            ) as http,
        ):
            await _wait_listening(log, workers)

            async def create() -> tuple[float, int]:
                began = time.perf_counter()
                key = {"Idempotency-Key": f"bench-{label}-{next(ids)}"}
                async with http.post(
                    f"{base}/api/v1/tickets", json={"values": VALUES}, headers=key
                ) as response:
                    await response.read()
                    return time.perf_counter() - began, response.status

            for _ in range(WARM_UP):
                await create()
            latencies: list[float] = []
            errors = 0

            def count(took: float, status: int) -> None:
                nonlocal errors
                if status == 201:
                    latencies.append(took)
                else:
                    errors += 1

            async def client(stop_at: float) -> None:
                while time.perf_counter() < stop_at:
                    count(*await create())

            async def arrival(due: float) -> None:
                # Latency from when the request was due, so a slow service is not hidden by
                # requests that started late (the clients' own queueing counts).
                _, status = await create()
                count(time.perf_counter() - due, status)

            cpu_before = _cpu_seconds(pid)
            began = time.perf_counter()
            if rate is None:
                await asyncio.gather(*(client(began + seconds) for _ in range(clients)))
            else:
                arrivals = []
                for index in range(int(seconds * rate)):
                    due = began + index / rate
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    arrivals.append(asyncio.create_task(arrival(due)))
                await asyncio.gather(*arrivals)
            elapsed = time.perf_counter() - began
            cpu = _cpu_seconds(pid) - cpu_before
            ended = time.perf_counter()
            expected = WARM_UP + len(latencies)
            await api.wait_for(lambda: _notices(api) >= expected, timeout=300)
            lag = time.perf_counter() - ended
    finally:
        await api.stop()
        text = log.read_text(errors="replace") if log.exists() else ""
        if "Traceback" in text:
            print(text[max(0, text.find("Traceback") - 1500) :][:8000])
    return Figures(len(latencies), elapsed, latencies, errors, lag, cpu)


def _row(label: str, figures: Figures, clients: int, workers: int) -> str:
    return (
        f"{label:<11} C={clients:<3} W={workers} {figures.creates:>6} creates"
        f" {figures.per_second:7.1f}/s"
        f"   p50 {figures.quantile(0.5):6.1f} ms   p95 {figures.quantile(0.95):6.1f} ms"
        f"   p99 {figures.quantile(0.99):6.1f} ms   (mean"
        f" {statistics.fmean(figures.latencies) * 1000:6.1f} ms, errors {figures.errors},"
        f" service CPU {figures.cpu_seconds * 1000 / max(1, figures.creates):5.1f} ms/create,"
        f" last notice {figures.delivery_lag:.1f} s after the last create)"
    )


async def main(clients: int, seconds: float, workers: int, rate: float | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite+aiosqlite:///{workdir / 'bench-api.sqlite3'}"
        print(_row("SQLite", await _run(url, clients, seconds, workdir, "sqlite"), clients, 1))
        if not await pg_available():
            print("PostgreSQL not reachable: skipped")
            return
        async with fresh_postgres("helpdesk_bench_api") as pg_url:
            figures = await _run(pg_url, clients, seconds, workdir, "postgres", workers)
            print(_row("PostgreSQL", figures, clients, workers))
        if rate is None or not await pg_available():
            return
        async with fresh_postgres("helpdesk_bench_api") as pg_url:
            figures = await _run(pg_url, clients, seconds, workdir, "rate", workers, rate)
            print(_row(f"PG {rate:g}/s", figures, clients, workers))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes serving the API (PostgreSQL)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=100.0,
        help="then on PostgreSQL: creates due at this rate, latency from when each was due"
        " (0: skip)",
    )
    arguments = parser.parse_args()
    asyncio.run(
        main(arguments.clients, arguments.seconds, arguments.workers, arguments.rate or None)
    )
