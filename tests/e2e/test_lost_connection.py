"""PostgreSQL cut every connection (a restart, a failover): the next update is handled as if
nothing had happened. Pooled connections are not pinged before every use, so the first
statement on a dead one fails; the pool then drops them all, and the statement's work is
simply done again on a new connection: the update's handling in webhook mode, the saving of
a fetched batch in polling mode."""

from __future__ import annotations

import logging
import socket
import time

import aiohttp
import pytest
from sqlalchemy import text

from db.engine import create_engine
from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.work.helpers import add_person, started_bot

SECRET = "s3cret-token_for-tests"


async def _cut_the_bots_connections(database_url: str) -> int:
    """What a server restart does to the bot's pooled connections."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            cut = await connection.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        await engine.dispose()
    return int(cut or 0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _message(update_id: int, text_: str) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": 902, "type": "private"},
            "from": {"id": 902, "is_bot": False, "first_name": "Зоя"},
            "text": text_,
        },
    }


async def test_a_webhook_update_after_the_connections_were_cut_is_handled_at_once(
    fake_api: FakeBotAPI, postgres_url: str
) -> None:
    port = _free_port()
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=postgres_url,
        telegram={
            "mode": "webhook",
            "webhook": {
                "url": "https://bot.example.invalid/telegram/webhook",
                "secret": SECRET,
                "listen_host": "127.0.0.1",
                "listen_port": port,
            },
        },
    )
    bot = BotHarness(settings)
    await bot.start()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    try:
        await fake_api.wait_for(lambda: fake_api.webhook)
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=_message(1, "привет"), headers=headers) as response:
                assert response.status == 200
            assert await _cut_the_bots_connections(postgres_url) > 0
            async with http.post(url, json=_message(2, "ещё раз"), headers=headers) as response:
                assert response.status == 200  # not a 500 for Telegram to send again
        texts = [m.text for m in fake_api.chats[902].messages]
        assert len(texts) == 2
        assert not [t for t in texts if "Не получилось" in t]
    finally:
        await bot.stop()


async def test_a_batch_fetched_after_the_connections_were_cut_is_saved_at_once(
    fake_api: FakeBotAPI, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await started_bot(fake_api, postgres_url)
    try:
        await add_person(bot, 801, "Операторова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 801, "Вера")
        await operator.send("/new")
        await operator.expect("Шаг 1 из 10")

        caplog.set_level(logging.WARNING, logger="bot.polling")
        assert await _cut_the_bots_connections(postgres_url) > 0
        await operator.send("ул. Садовая, д. 10")
        asked = await operator.expect("Квартира / помещение")
        assert "Шаг 2 из 10" in asked.text
        assert not [r for r in caplog.records if r.name == "bot.polling"]
        assert not [t for t in operator.texts() if "Не получилось" in t]
    finally:
        await bot.stop()
