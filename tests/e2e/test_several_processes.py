"""Three bot processes in webhook mode behind a round-robin proxy share PostgreSQL and Redis;
20 operators create tickets while 5 executors race for pooled tickets, and one process is
killed with SIGKILL in the middle of it all.

Afterwards every ticket an operator was told about exists exactly once, every pooled ticket
has exactly one winner (the one who was told so), no message reached a chat more than the
documented three times, the scheduled jobs never ran in two processes at once, and the
scheduled report went out once.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import socket
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis
from aiohttp import web
from sqlalchemy import func, select

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, PersonRole, Role, Ticket, TicketEvent
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import TEST_TOKEN
from tests.process import ServiceProcess, service_env

REDIS_URL = os.environ.get("HELPDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_REQUIRED = os.environ.get("HELPDESK_TEST_REDIS_REQUIRED") == "1"
SECRET = "several-processes-secret"
PATH = "/telegram/webhook"
OPERATORS = [9001 + i for i in range(20)]
EXECUTORS = [9101 + i for i in range(5)]
MANAGER = 9201
START_SECONDS = 120
STEP_SECONDS = 60

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(900)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RoundRobinProxy:
    """Like a load balancer: each request to the next backend; a backend that refuses the
    connection is skipped, one that dies mid-request gives a 502 (Telegram retries)."""

    def __init__(self, ports: list[int]) -> None:
        self._ports = itertools.cycle(ports)
        self._count = len(ports)
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.port = _free_port()

    async def start(self) -> None:
        self._http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post(PATH, self._forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = "application/json"
        for _ in range(self._count):
            port = next(self._ports)
            try:
                async with self._http.post(
                    f"http://127.0.0.1:{port}{PATH}",
                    data=body,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=60),
                ) as response:
                    return web.Response(status=response.status, body=await response.read())
            except aiohttp.ClientConnectorError:
                continue
            except (aiohttp.ClientError, TimeoutError):
                return web.Response(status=502)
        return web.Response(status=502)


async def _seed(url: str) -> None:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        people = [(tid, "Операторов", Role.OPERATOR, None) for tid in OPERATORS]
        people += [(tid, "Электриков", Role.EXECUTOR, "Электрик") for tid in EXECUTORS]
        people += [(MANAGER, "Руководов", Role.MANAGER, None)]
        for tid, last_name, role, position in people:
            session.add(
                Person(
                    last_name=f"{last_name}{tid}",
                    first_name="Иван",
                    telegram_id=tid,
                    position=position,
                    roles=[PersonRole(role=role.value)],
                )
            )
    await engine.dispose()


def _env(fake: FakeBotAPI, url: str, proxy: RoundRobinProxy, port: int) -> dict[str, str]:
    report = [{"name": "minutely", "cron": "* * * * *", "period": "day"}]
    return service_env(
        HELPDESK_TELEGRAM__TOKEN=TEST_TOKEN,
        HELPDESK_TELEGRAM__API_BASE=fake.base_url,
        HELPDESK_TELEGRAM__MODE="webhook",
        HELPDESK_TELEGRAM__WEBHOOK__URL=f"http://127.0.0.1:{proxy.port}{PATH}",
        HELPDESK_TELEGRAM__WEBHOOK__SECRET=SECRET,
        HELPDESK_TELEGRAM__WEBHOOK__LISTEN_HOST="127.0.0.1",
        HELPDESK_TELEGRAM__WEBHOOK__LISTEN_PORT=str(port),
        HELPDESK_DATABASE__URL=url,
        HELPDESK_REDIS__URL=REDIS_URL,
        HELPDESK_WORKFLOW__ASSIGNMENT__MODE="pool",
        HELPDESK_DEADLINES__SWEEP_INTERVAL_SECONDS="2",
        HELPDESK_DEADLINES__REPORTS=json.dumps(report),
        HELPDESK_LOGGING__FORMAT="json",
    )


async def _listening(port: int) -> None:
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        return


STEPS: list[tuple[str, str, str]] = [
    ("send", "/new", "<b>Адрес</b>"),
    ("send", "ул. Садовая, д. 10", "<b>Квартира / помещение</b>"),
    ("press", "⏭ Пропустить", "<b>Подъезд</b>"),
    ("press", "⏭ Пропустить", "<b>ФИО заявителя</b>"),
    ("send", "client", "<b>Телефон заявителя</b>"),
    ("send", "89215550101", "<b>Категория</b>"),
    ("press", "Электрика", "<b>Приоритет</b>"),
    ("press", "Срочная", "<b>Что случилось</b>"),
    ("send", "Выбило автомат, нет света в подъезде", "<b>Фото</b>"),
    ("press", "⏭ Пропустить", "<b>Желаемое время</b>"),
    ("press", "⏭ Пропустить", "Проверьте заявку"),
    ("press", "✅ Создать", "создана"),
]


async def _operator(user: FakeUser, latencies: list[float]) -> str:
    pause = random.Random(user.id)
    shown = ""
    for action, value, fragment in STEPS:
        await asyncio.sleep(pause.uniform(0.05, 0.4))
        began = time.monotonic()
        if action == "send":
            await user.send(f"ООО {user.id}" if value == "client" else value)
            shown = (await user.expect(fragment, timeout=STEP_SECONDS)).text
        else:
            target = user.message_with_button(value)
            data = target.button_data(value)
            assert data is not None
            await user.api.push_update(_callback(user, data, target.message_id, target.text))
            shown = (await user.expect(fragment, timeout=STEP_SECONDS)).text
        latencies.append(time.monotonic() - began)
    return shown


_callback_ids = itertools.count(5_000_000)


def _callback(user: FakeUser, data: str, message_id: int, text: str) -> dict[str, Any]:
    """A button press whose answer the test does not wait for (it may come late)."""
    return {
        "callback_query": {
            "id": str(next(_callback_ids)),
            "from": user._from(),
            "chat_instance": str(user.id),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": user.id, "type": "private"},
                "from": {"id": 1, "is_bot": True, "first_name": "Helpdesk"},
                "text": text,
            },
        }
    }


async def _executor(user: FakeUser, presses: dict[str, int], done: asyncio.Event) -> None:
    """Presses «✋ Взять» on every offer it sees, at once."""
    seen: set[int] = set()
    while not done.is_set():
        for message in list(user.messages):
            if message.message_id in seen or "✋ Взять" not in message.buttons:
                continue
            seen.add(message.message_id)
            data = message.button_data("✋ Взять")
            assert data is not None
            update = _callback(user, data, message.message_id, message.text)
            presses[update["callback_query"]["id"]] = user.id
            await user.api.push_update(update)
        await asyncio.sleep(0.1)


async def _all_taken(factory: Any) -> None:
    while True:
        async with factory() as session:
            waiting = await session.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.assignee_id.is_(None))
            )
        if waiting == 0:
            return
        await asyncio.sleep(0.5)


def _job_runs(logs: list[str]) -> dict[str, list[tuple[datetime, datetime, int]]]:
    runs: dict[str, list[tuple[datetime, datetime, int]]] = defaultdict(list)
    for log in logs:
        started: dict[str, datetime] = {}
        for line in log.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("event") not in ("job started", "job finished"):
                continue
            at = datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00"))
            if entry["event"] == "job started":
                started[entry["job"]] = at
            elif entry["job"] in started:
                runs[entry["job"]].append((started.pop(entry["job"]), at, entry["pid"]))
    return runs


async def test_three_webhook_processes_one_killed(
    fake_api: FakeBotAPI, postgres_url: str, tmp_path: Path
) -> None:
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    except (OSError, aioredis.ConnectionError):
        if REDIS_REQUIRED:
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable")
    await _seed(postgres_url)
    ports = [_free_port() for _ in range(3)]
    proxy = RoundRobinProxy(ports)
    await proxy.start()
    processes = [
        ServiceProcess(_env(fake_api, postgres_url, proxy, port), tmp_path, tmp_path / f"p{i}.log")
        for i, port in enumerate(ports)
    ]
    await asyncio.gather(*(p.start() for p in processes))
    done = asyncio.Event()
    try:
        await asyncio.wait_for(asyncio.gather(*(_listening(p) for p in ports)), START_SECONDS)
        await fake_api.wait_for(lambda: fake_api.webhook, timeout=START_SECONDS)

        operators = [FakeUser(fake_api, tid, "Оператор") for tid in OPERATORS]
        executors = [FakeUser(fake_api, tid, "Электрик") for tid in EXECUTORS]
        presses: dict[str, int] = {}
        racing = [asyncio.create_task(_executor(e, presses, done)) for e in executors]
        latencies: list[float] = []
        walks = [asyncio.create_task(_operator(op, latencies)) for op in operators]

        # Kill one process once tickets are being created and taken.
        engine = create_engine(postgres_url)
        factory = create_session_factory(engine)
        while True:
            async with factory() as session:
                created = await session.scalar(select(func.count()).select_from(Ticket))
            if created and created >= 6:
                break
            await asyncio.sleep(0.2)
        killed_at = time.monotonic()
        processes[1].kill()
        await processes[1].wait()

        notices = await asyncio.gather(*walks)
        # The last offers, and those the dead process held (its leases run out first).
        await asyncio.wait_for(_all_taken(factory), 90)
        await asyncio.sleep(2)  # answers to the last presses
        done.set()
        await asyncio.gather(*racing)

        async with factory() as session:
            tickets = list(await session.scalars(select(Ticket).order_by(Ticket.number)))
            people = {p.id: p.telegram_id for p in await session.scalars(select(Person))}
            assigned = Counter(
                await session.scalars(
                    select(TicketEvent.ticket_id).where(TicketEvent.kind == "assigned")
                )
            )
        await engine.dispose()
        logs = [p.log() for p in processes]
    finally:
        done.set()
        for process in processes:
            if process.process and process.process.returncode is None:
                await process.terminate()
        await proxy.stop()
        await client.flushdb()
        await client.aclose()

    # Every operator was told about exactly one ticket, theirs, and it exists once.
    assert [t.number for t in tickets] == list(range(1, len(OPERATORS) + 1))
    by_author = {people[t.author_id]: t for t in tickets}
    assert sorted(by_author) == OPERATORS
    for operator, notice in zip(OPERATORS, notices, strict=True):
        assert f"№ {by_author[operator].number}</b> создана" in notice

    # Every ticket went to exactly one executor, and that one was told.
    assert all(people.get(t.assignee_id) in EXECUTORS for t in tickets)
    assert all(assigned[t.id] == 1 for t in tickets)
    told: dict[int, set[int]] = defaultdict(set)
    for query_id, executor in presses.items():
        answer = fake_api.callback_answers.get(query_id, {}).get("text", "")
        if "ваша" in answer:
            number = int(answer.split("№")[1].split()[0])
            told[number].add(executor)
    for ticket in tickets:
        assert told[ticket.number] == {people[ticket.assignee_id]}, ticket.number

    # Nothing reached a chat more than three times (at least once; at most twice more after
    # an uncertain failure, which a crash between sending and recording is).
    copies = Counter(
        (chat, message.text)
        for chat, log in fake_api.chats.items()
        for kind, message in log.events
        if kind == "new"
    )
    assert max(copies.values()) <= 3, [k for k, v in copies.items() if v > 3]

    # People the dead process was serving were answered soon.
    assert max(latencies) < 30, max(latencies)
    assert time.monotonic() - killed_at < 300

    # Jobs never overlapped across processes; the report went out once.
    runs = _job_runs(logs)
    assert runs["deadline-sweep"], "the sweep never ran"
    for job, intervals in runs.items():
        intervals.sort()
        for (_, end, pid), (start, _, other) in itertools.pairwise(intervals):
            assert start >= end or pid == other, (job, pid, other)
    reports = [m for m in fake_api.chats[MANAGER].messages if "Отчёт по расписанию" in m.text]
    assert len(reports) == 1
