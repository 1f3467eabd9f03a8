"""Admins' wall-screen links in the bot, and the Mini App's menu button."""

from __future__ import annotations

import asyncio
import re
import time

import aiohttp
import pytest
from sqlalchemy import select

from bot.web.board import menu_button
from db.models import AuditEntry, BoardLink, OutgoingMessage, Role
from tests.board.helpers import base_url, board_bot, staff
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser

MANAGER, OPERATOR, EXECUTOR = 201, 401, 301


async def test_an_admin_makes_and_revokes_a_board_link(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await board_bot(fake_api, sqlite_url, admins=[ADMIN_ID])
    try:
        await staff(bot, [(MANAGER, "Руководов", [Role.MANAGER])])
        admin = FakeUser(fake_api, ADMIN_ID, "Админ")
        await admin.send("/start")
        await admin.press("🛡 Администрирование и ПДн", await admin.expect("Ваши роли"))
        tools = await admin.expect("Администрирование и персональные данные")
        await admin.press("🖥 Табло", tools)
        screen = await admin.expect("Табло диспетчерской")
        assert "Действующих ссылок: 0" in screen.text
        await admin.press("➕ Новая ссылка", screen)
        created = await admin.expect("Новая ссылка на табло")
        found = re.search(r"(http://\S+/board/s/([\w-]+))", created.text)
        assert found is not None
        url, token = found.group(1), found.group(2)
        assert len(token) >= 40
        async with bot.session_factory() as session:
            stored = list(await session.scalars(select(BoardLink)))
        assert len(stored) == 1
        assert token not in stored[0].token_hash  # only the hash is kept
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as resp:
                assert resp.status == 200
            # Used once, the link is no longer kept in the outbox's copy of the message.
            async with bot.session_factory() as session:
                texts = list(await session.scalars(select(OutgoingMessage.text)))
            assert not any(token in text for text in texts)
            assert any("показана здесь один раз" in text for text in texts)

            await admin.send("/board")
            # The screen's visit is recorded: «открывалась 04.12.2026 20:13».
            await fake_api.wait_for(
                lambda: any(re.search(r"открывалась \d", m.text) for m in admin.messages)
            )
            listed = admin.messages[-1]
            assert "Действующих ссылок: 1" in listed.text
            await admin.press("🗑 Отозвать ссылку № 1", listed)
            ask = await admin.expect("Отозвать ссылку № 1?")
            await admin.press("🗑 Да, отозвать", ask)
            await admin.expect("Ссылка № 1 отозвана")
            async with http.get(url) as resp:
                assert resp.status == 401
            async with http.get(
                f"{base_url(bot)}/board/fragment", headers={"X-Board-Token": token}
            ) as resp:
                assert resp.status == 401
        async with bot.session_factory() as session:
            audit = list(
                await session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "settings_changed")
                )
            )
        board_entries = [a.details for a in audit if a.details.get("what") == "board_link"]
        assert [d["op"] for d in board_entries] == ["created", "revoked"]
        assert all(token not in str(d) for d in board_entries)

        # A manager may not make links.
        manager = FakeUser(fake_api, MANAGER, "Руководитель")
        await manager.send("/board")
        await manager.expect("Ссылки на табло создают администраторы")
    finally:
        await bot.stop()


async def test_the_menu_button_opens_the_board_for_managers_operators_and_admins(
    fake_api: FakeBotAPI, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(menu_button, "SYNC_SECONDS", 0.2)
    public = "https://desk.example.org"
    bot = await board_bot(fake_api, sqlite_url, public_url=public)
    try:
        # People granted access while the bot runs get it on the next round.
        await staff(
            bot,
            [
                (MANAGER, "Руководов", [Role.MANAGER]),
                (OPERATOR, "Операторова", [Role.OPERATOR]),
                (EXECUTOR, "Электриков", [Role.EXECUTOR]),
            ],
        )
        deadline = time.monotonic() + 5
        wanted = {MANAGER, OPERATOR}
        while True:
            calls = fake_api.calls_of("setChatMenuButton")
            chats = {int(c.params["chat_id"]) for c in calls}
            if wanted <= chats or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        assert wanted <= chats
        assert EXECUTOR not in chats
        for call in calls:
            button = call.params["menu_button"]
            assert button["type"] == "web_app"
            assert button["web_app"]["url"] == f"{public}/board/app"
    finally:
        await bot.stop()
