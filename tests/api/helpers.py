"""The running service with ``[api]`` enabled, a client for it, and keys made in the database."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from db.models import Person, PersonRole, Role
from services.api.keys import create_key
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness, make_settings

RR = {"assignment": {"mode": "auto_round_robin"}}
FULL = ("read", "create", "comment")

# The housing form's values that pass the dialogue's checks.
VALUES: dict[str, Any] = {
    "address": "ул. Садовая, д. 10",
    "flat": "5",
    "client": "Иванова Мария Петровна",
    "phone": "+7 921 555-01-01",
    "category": "Сантехника",
    "priority": "Обычная",
    "description": "Течёт стояк в ванной",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Api:
    def __init__(self, base: str, http: aiohttp.ClientSession) -> None:
        self.base = base
        self.http = http

    async def call(
        self,
        method: str,
        path: str,
        key: str | None = None,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any, aiohttp.typedefs.LooseHeaders]:
        sent = dict(headers or {})
        if key is not None:
            sent["Authorization"] = f"Bearer {key}"
        async with self.http.request(
            method, self.base + path, json=json, params=params, headers=sent
        ) as response:
            body = (
                await response.json()
                if response.content_type == "application/json"
                else (await response.text())
            )
            return response.status, body, response.headers


@asynccontextmanager
async def running_api(
    fake_api: FakeBotAPI,
    database_url: str,
    admins: list[int] | None = None,
    redis_url: str | None = None,
    **api: Any,
) -> AsyncIterator[tuple[BotHarness, Api]]:
    port = free_port()
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=database_url,
        admins=admins,
        workflow=RR,
        api={"enabled": True, "listen_port": port, **api},
        redis={"url": redis_url},
    )
    harness = BotHarness(settings)
    await harness.start()
    try:
        async with aiohttp.ClientSession() as http:
            client = Api(f"http://127.0.0.1:{port}", http)
            await wait_listening(client)
            yield harness, client
    finally:
        await harness.stop()


async def wait_listening(client: Api, timeout: float = 10.0) -> None:
    async def poll() -> None:
        while True:
            try:
                status, _body, _headers = await client.call("GET", "/api/openapi.json")
                if status == 200:
                    return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


async def add_person(
    bot: BotHarness, telegram_id: int | None, last_name: str, roles: Iterable[Role]
) -> int:
    async with bot.session_factory() as session, session.begin():
        person = Person(
            last_name=last_name,
            first_name="Иван",
            telegram_id=telegram_id,
            roles=[PersonRole(role=r.value) for r in roles],
        )
        session.add(person)
        await session.flush()
        return person.id


async def make_key(bot: BotHarness, creator_id: int, scopes: Iterable[str] = FULL) -> str:
    async with bot.session_factory() as session, session.begin():
        made = await create_key(session, name="АТС", scopes=scopes, created_by_id=creator_id)
        return made.secret
