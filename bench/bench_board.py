"""The dispatch board under load: a board of 2,000 open tickets, and 50 screens kept live.

In one process: the database (a fresh SQLite file, or PostgreSQL with ``--postgres``) gets
2,000 open tickets (a tenth of them emergencies, some overdue, 40 executors); the board's
HTTP server (the real ``/board`` routes) serves them on a free port.

- Render: ``GET /board/s/<token>`` (the wall-screen page, whole) and ``GET /board/fragment``
  for a manager (Mini App ``initData``), timed from request to the last byte; the fragment
  cache is bypassed (each request a new feed version) so every one is a full render.
- Live: 50 screens hold ``/board/events`` open; a ticket is changed from another connection
  (as another process would); each screen's time from the change to its ``change`` notice,
  and to having the re-rendered fragment, is recorded. Target: all within 2 s.

Run: .venv/bin/python bench/bench_board.py [--tickets N] [--screens S] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import build_runtime  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.web.board.keys import FEED_KEY  # noqa: E402
from bot.web.server import create_web_app  # noqa: E402
from db import migrate  # noqa: E402
from db.base import utcnow  # noqa: E402
from db.models import Person, PersonRole, Role, Ticket  # noqa: E402
from services.board import init_data, links  # noqa: E402
from services.tickets import definitions  # noqa: E402
from tests.databases import fresh_postgres, pg_available  # noqa: E402

TOKEN = "123456789:BENCH-token-for-the-board-0001"
MANAGER_TG = 70_001
CATEGORIES = ["Сантехника", "Электрика", "Лифт", "Отопление", "Уборка"]
STREETS = [f"ул. Садовая, д. {n}" for n in range(1, 41)]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _seed(runtime, count: int) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    now = utcnow()
    rng = random.Random(416)
    async with runtime.session_factory() as session, session.begin():
        field_set = await definitions.current_field_set(session)
        flow = await definitions.current_workflow(session)
        manager = Person(
            last_name="Руководов",
            first_name="Пётр",
            telegram_id=MANAGER_TG,
            roles=[PersonRole(role=Role.MANAGER.value), PersonRole(role=Role.ADMIN.value)],
        )
        executors = [
            Person(
                last_name=f"Исполнитель{n}",
                first_name="Иван",
                telegram_id=71_000 + n,
                is_available=n % 3 != 0,
                roles=[PersonRole(role=Role.EXECUTOR.value)],
            )
            for n in range(40)
        ]
        session.add_all([manager, *executors])
        await session.flush()
        stages = ["new", "in_progress", "awaiting_confirmation"]
        tickets = []
        for number in range(1, count + 1):
            emergency = number % 10 == 0
            stage = stages[number % 3]
            stage_deadline = now + timedelta(minutes=rng.randint(-120, 600))
            tickets.append(
                Ticket(
                    number=number,
                    author_id=manager.id,
                    assignee_id=None if stage == "new" else executors[number % 40].id,
                    field_set_version_id=field_set.id,
                    workflow_version_id=flow.id,
                    values={
                        "address": rng.choice(STREETS),
                        "flat": str(number % 200),
                        "client": "Иванова Мария",
                        "phone": "+79215550101",
                        "category": CATEGORIES[number % 5],
                        "priority": "Аварийная" if emergency else "Обычная",
                        "description": f"Заявка {number}: течёт кран",
                    },
                    subject=f"Заявка {number}: течёт кран",
                    category=CATEGORIES[number % 5],
                    priority="Аварийная" if emergency else "Обычная",
                    stage_key=stage,
                    stage_entered_at=now - timedelta(hours=1),
                    stage_deadline_at=stage_deadline,
                    deadline_at=now + timedelta(minutes=rng.randint(-30, 120))
                    if emergency
                    else None,
                    created_at=now - timedelta(minutes=rng.randint(0, 600)),
                )
            )
        session.add_all(tickets)
        await session.flush()
        made = await links.create(session, manager, frozenset({Role.ADMIN}))
        return made.token, tickets[0].id


def _init_data() -> str:
    user = json.dumps({"id": MANAGER_TG, "first_name": "Пётр"}, separators=(",", ":"))
    return init_data.sign({"user": user, "auth_date": str(int(time.time()))}, TOKEN)


async def _timed_get(http: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    async with http.get(url, headers=headers) as resp:
        assert resp.status == 200, resp.status
        await resp.read()
    return time.perf_counter() - started


async def _screen(
    http: aiohttp.ClientSession,
    base: str,
    token: str,
    ready: asyncio.Event,
    connected: list[int],
    changed_at: list[float],
    notice: list[float],
    loaded: list[float],
    total: int,
) -> None:
    headers = {"X-Board-Token": token}
    async with http.get(f"{base}/board/events", headers=headers) as resp:
        buffer = b""
        async for chunk in resp.content.iter_any():
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if b"event: hello" in event:
                    connected.append(1)
                    if len(connected) == total:
                        ready.set()
                elif b"event: change" in event:
                    notice.append(time.perf_counter() - changed_at[0])
                    async with http.get(f"{base}/board/fragment", headers=headers) as page:
                        await page.read()
                    loaded.append(time.perf_counter() - changed_at[0])
                    return


async def run(count: int, screens: int, database_url: str) -> None:
    port = _port()
    settings = Settings(
        telegram={"token": TOKEN, "api_base": "http://127.0.0.1:9"},
        database={"url": database_url},
        api={"enabled": True, "listen_port": port},
    )
    runtime = build_runtime(settings)
    await migrate.upgrade(runtime.engine)
    started = time.perf_counter()
    token, first_id = await _seed(runtime, count)
    print(f"seeded {count} open tickets in {time.perf_counter() - started:.1f} s")
    app = create_web_app(runtime)
    app_runner = web.AppRunner(app, access_log=None)
    await app_runner.setup()
    await web.TCPSite(app_runner, "127.0.0.1", port).start()
    base = f"http://127.0.0.1:{port}"
    feed = app[FEED_KEY]
    try:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            for name, url, headers in (
                ("wall-screen page /board/s/<token>", f"{base}/board/s/{token}", {}),
                (
                    "Mini App fragment (manager)",
                    f"{base}/board/fragment",
                    {"X-Telegram-Init-Data": _init_data()},
                ),
            ):
                times = []
                for _ in range(10):
                    feed.notify()  # a new version: no shared fragment, a full render
                    times.append(await _timed_get(http, url, headers))
                print(
                    f"render {name}, {count} open tickets: median "
                    f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
                    f" (target < 1000 ms)"
                )

            ready = asyncio.Event()
            connected: list[int] = []
            changed_at = [0.0]
            notice: list[float] = []
            loaded: list[float] = []
            tasks = [
                asyncio.create_task(
                    _screen(
                        http, base, token, ready, connected, changed_at, notice, loaded, screens
                    )
                )
                for _ in range(screens)
            ]
            await asyncio.wait_for(ready.wait(), 30)
            await asyncio.sleep(1.0)  # the poller has its baseline
            async with runtime.session_factory() as session, session.begin():
                changed_at[0] = time.perf_counter()
                await session.execute(
                    update(Ticket).where(Ticket.id == first_id).values(stage_key="in_progress")
                )
            await asyncio.wait_for(asyncio.gather(*tasks), 30)
            print(
                f"live: {screens} screens, change notice: median "
                f"{statistics.median(notice) * 1000:.0f} ms, max {max(notice) * 1000:.0f} ms; "
                f"re-rendered board on every screen: max {max(loaded) * 1000:.0f} ms "
                f"(target < 2000 ms)"
            )
    finally:
        await app_runner.cleanup()
        await runtime.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--screens", type=int, default=50)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if args.postgres:
        if not await pg_available():
            sys.exit("PostgreSQL is not reachable")
        async with fresh_postgres("bench_board") as url:
            print("database: PostgreSQL")
            await run(args.tickets, args.screens, url)
        return
    with tempfile.TemporaryDirectory() as tmp:
        print("database: SQLite")
        await run(args.tickets, args.screens, f"sqlite+aiosqlite:///{tmp}/board.sqlite3")


if __name__ == "__main__":
    asyncio.run(main())
