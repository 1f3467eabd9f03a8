"""Webhook mode: the secret token is required, and updates are acknowledged after handling."""

from __future__ import annotations

import socket
import time

import aiohttp
from sqlalchemy import func, select

from db.models import AccessRequest, ProcessedUpdate
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness, make_settings

SECRET = "s3cret-token_for-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_update(update_id: int, user_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Зоя"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_requires_the_secret_and_handles_once(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    port = _free_port()
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
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
    harness = BotHarness(settings)
    await harness.start()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    try:
        await fake_api.wait_for(lambda: fake_api.webhook)
        assert fake_api.webhook["url"] == "https://bot.example.invalid/telegram/webhook"
        assert fake_api.webhook["secret_token"] == SECRET
        assert fake_api.webhook.get("drop_pending_updates") in (None, "false", False)

        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=_start_update(1, 901)) as response:
                assert response.status == 401
            headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(url, json=_start_update(2, 901), headers=headers) as response:
                assert response.status == 401
            assert fake_api.chats[901].messages == []
            async with harness.session_factory() as session:
                assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0

            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            for _ in range(2):  # Telegram retries: the second delivery changes nothing
                async with http.post(url, json=_start_update(3, 901), headers=headers) as response:
                    assert response.status == 200
        texts = [m.text for m in fake_api.chats[901].messages]
        assert len(texts) == 1
        assert "запросите доступ" in texts[0]
        async with harness.session_factory() as session:
            assert await session.get(ProcessedUpdate, 3) is not None
            assert await session.scalar(select(func.count()).select_from(AccessRequest)) == 0
    finally:
        await harness.stop()
