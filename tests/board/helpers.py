"""Shared set-up for the dispatch board tests: a bot with its HTTP server, signed initData,
board links."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterable
from typing import Any

from bot.web.board.auth import INIT_DATA_HEADER, TOKEN_HEADER
from db.models import Person, Role
from services.board import init_data, links
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import TEST_TOKEN, BotHarness, make_settings
from tests.work.helpers import add_person


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def board_bot(
    api: FakeBotAPI, database_url: str, public_url: str = "", **sections: Any
) -> BotHarness:
    """A running bot serving ``/board`` on a free port (stop it in ``finally``)."""
    port = free_port()
    settings = make_settings(
        api_base=api.base_url,
        database_url=database_url,
        api={"enabled": True, "listen_port": port, "public_url": public_url},
        **sections,
    )
    harness = BotHarness(settings)
    await harness.start()
    return harness


def base_url(bot: BotHarness) -> str:
    return bot.settings.api.base_url


def signed(telegram_id: int, *, age: float = 0, token: str = TEST_TOKEN) -> str:
    """``initData`` as Telegram signs it for this user (``age`` seconds ago)."""
    user = {"id": telegram_id, "first_name": "Тест", "language_code": "ru"}
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "auth_date": str(int(time.time() - age)),
    }
    return init_data.sign(fields, token)


def app_headers(telegram_id: int, **kwargs: Any) -> dict[str, str]:
    return {INIT_DATA_HEADER: signed(telegram_id, **kwargs)}


def token_headers(token: str) -> dict[str, str]:
    return {TOKEN_HEADER: token}


async def new_link(bot: BotHarness, admin_id: int) -> str:
    async with bot.session_factory() as session, session.begin():
        admin = await session.get(Person, admin_id)
        assert admin is not None
        made = await links.create(session, admin, frozenset({Role.ADMIN}))
        return made.token


async def revoke_link(bot: BotHarness, token: str, admin_id: int) -> None:
    async with bot.session_factory() as session, session.begin():
        admin = await session.get(Person, admin_id)
        link = await links.resolve(session, token)
        assert admin is not None
        assert link is not None
        assert await links.revoke(session, link.id, admin, frozenset({Role.ADMIN}))


async def staff(bot: BotHarness, people: Iterable[tuple[int, str, list[Role]]]) -> list[int]:
    return [await add_person(bot, tid, name, roles) for tid, name, roles in people]
