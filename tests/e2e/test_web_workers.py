"""``[api] workers = 2``: the real service (``python -m bot run``) on PostgreSQL serves the
integration API from two worker processes on one port.

The workers create tickets while the main process is frozen (SIGSTOP), and once it runs
again its outbox tells the executor, once per ticket. A worker killed with SIGKILL is started
again while the other one serves; workers whose main process is killed stop by themselves.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, PersonRole, Role, Ticket
from services.api.keys import create_key
from tests.api.helpers import VALUES, free_port
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import TEST_TOKEN
from tests.process import ServiceProcess, service_env

EXECUTOR = 9301
LISTENING = "web server listening"

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]


async def _seed(url: str) -> str:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        session.add(
            Person(
                last_name="Сантехников",
                first_name="Пётр",
                telegram_id=EXECUTOR,
                roles=[PersonRole(role=Role.EXECUTOR.value)],
            )
        )
        creator = Person(last_name="АТС", first_name="", roles=[PersonRole(role="operator")])
        session.add(creator)
        await session.flush()
        made = await create_key(session, name="atc", scopes=["create"], created_by_id=creator.id)
    await engine.dispose()
    return made.secret


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[1] == str(pid):
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def _until(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")


async def _ticket_count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(Ticket)) or 0)
    finally:
        await engine.dispose()


async def _create(http: aiohttp.ClientSession, base: str, key: str) -> int:
    """A create, tried again on a connection that broke (a worker killed just then)."""
    for _ in range(5):
        try:
            async with http.post(
                f"{base}/api/v1/tickets",
                json={"values": VALUES},
                headers={"Idempotency-Key": key},
                timeout=aiohttp.ClientTimeout(total=10),
            ) as response:
                assert response.status in (200, 201), await response.text()
                return int((await response.json())["number"])
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.2)
    raise AssertionError(f"create {key} failed five times")


async def test_workers_serve_the_api_while_the_main_process_sleeps(
    fake_api: FakeBotAPI, postgres_url: str, tmp_path: Path
) -> None:
    secret = await _seed(postgres_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    service = ServiceProcess(
        service_env(
            HELPDESK_TELEGRAM__TOKEN=TEST_TOKEN,
            HELPDESK_TELEGRAM__API_BASE=fake_api.base_url,
            HELPDESK_TELEGRAM__POLLING_TIMEOUT="1",
            HELPDESK_DATABASE__URL=postgres_url,
            HELPDESK_API__ENABLED="true",
            HELPDESK_API__LISTEN_PORT=str(port),
            HELPDESK_API__WORKERS="2",
            HELPDESK_WORKFLOW__ASSIGNMENT__MODE="auto_round_robin",
        ),
        tmp_path,
        tmp_path / "service.log",
    )
    await service.start()
    assert service.process is not None
    main_pid = service.process.pid
    headers = {"Authorization": f"Bearer {secret}"}
    try:
        await _until(lambda: service.log().count(LISTENING) == 2, 90, "both processes listen")
        workers = _children(main_pid)
        assert len(workers) == 2

        # The main process frozen, the workers answer the creates alone.
        os.kill(main_pid, signal.SIGSTOP)
        try:
            async with aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(force_close=True), headers=headers
            ) as http:
                numbers = [await _create(http, base, f"frozen-{n}") for n in range(4)]
        finally:
            os.kill(main_pid, signal.SIGCONT)
        assert sorted(numbers) == [1, 2, 3, 4]

        # The main process sends what the workers committed to the outbox (one message a
        # second to a chat): the executor hears of every ticket, once.
        def told() -> list[str]:
            return [m.text for _, m in fake_api.chats[EXECUTOR].events if "назначена" in m.text]

        await _until(lambda: len(told()) >= 4, 30, "the executor is told")
        await asyncio.sleep(1.5)
        assert sorted(text.split("\n")[0] for text in told()) == [
            f"📌 Вам назначена заявка № {number}." for number in (1, 2, 3, 4)
        ]

        # A killed worker is started again; the other one serves meanwhile.
        os.kill(workers[0], signal.SIGKILL)
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True), headers=headers
        ) as http:
            assert await _create(http, base, "one-worker-left") == 5
            await _until(lambda: service.log().count(LISTENING) == 3, 60, "the worker is back")
            now = _children(main_pid)
            assert len(now) == 2
            assert workers[0] not in now
            assert workers[1] in now
            assert await _create(http, base, "both-again") == 6
        assert await _ticket_count(postgres_url) == 6

        # Their main process killed, the workers stop by themselves and free the port.
        service.kill()
        await service.wait()
        await _until(lambda: not any(_alive(pid) for pid in now), 10, "orphaned workers stop")
    finally:
        if service.process.returncode is None:
            os.kill(main_pid, signal.SIGCONT)
            await service.terminate()
