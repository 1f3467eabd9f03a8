"""The board over plain HTTP: who gets in (initData, board links), what each sees, headers."""

from __future__ import annotations

import aiohttp

from db.models import Role
from tests.board.helpers import (
    app_headers,
    base_url,
    board_bot,
    new_link,
    revoke_link,
    signed,
    staff,
    token_headers,
)
from tests.fakes.bot_api import FakeBotAPI
from tests.work.helpers import create_ticket

MANAGER, OPERATOR, OTHER_OPERATOR, EXECUTOR, ADMIN = 201, 401, 402, 301, 501


async def test_initdata_and_links_are_checked_and_rights_are_the_bots(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await board_bot(fake_api, sqlite_url)
    try:
        _, author, _other, _, admin = await staff(
            bot,
            [
                (MANAGER, "Руководов", [Role.MANAGER]),
                (OPERATOR, "Операторова", [Role.OPERATOR]),
                (OTHER_OPERATOR, "Другова", [Role.OPERATOR]),
                (EXECUTOR, "Электриков", [Role.EXECUTOR]),
                (ADMIN, "Админов", [Role.ADMIN]),
            ],
        )
        await create_ticket(
            bot, author, address="ул. Садовая, д. 10", client="Петрова Анна", phone="+79215550101"
        )
        url = base_url(bot) + "/board/fragment"
        async with aiohttp.ClientSession() as http:
            # No credentials, a forged signature, a stale one, another bot's: 401.
            async with http.get(url) as resp:
                assert resp.status == 401
            forged = signed(MANAGER).replace("auth_date=", "auth_date=1")
            for headers in (
                {"X-Telegram-Init-Data": forged},
                app_headers(MANAGER, age=25 * 3600),
                app_headers(MANAGER, token="123:other-bot"),
                {"X-Telegram-Init-Data": "garbage"},
            ):
                async with http.get(url, headers=headers) as resp:
                    assert resp.status == 401, headers
            # Genuine, but an executor only (or a stranger): 403.
            for who in (EXECUTOR, 999):
                async with http.get(url, headers=app_headers(who)) as resp:
                    assert resp.status == 403
            # A manager sees the ticket with its subject; security headers on every answer.
            async with http.get(url, headers=app_headers(MANAGER)) as resp:
                assert resp.status == 200
                page = await resp.text()
                assert "№ 1" in page
                assert "ул. Садовая, д. 10" in page
                assert "Нет света" in page  # the subject, for staff
                csp = resp.headers["Content-Security-Policy"]
                assert "default-src 'self'" in csp
                assert "script-src 'self'" in csp
                assert "unsafe" not in csp
                assert resp.headers["Cache-Control"] == "no-store"
                assert resp.headers["X-Content-Type-Options"] == "nosniff"
                assert resp.headers["Referrer-Policy"] == "no-referrer"
            # The author sees their ticket; another operator does not (the bot's rights).
            async with http.get(url, headers=app_headers(OPERATOR)) as resp:
                assert "№ 1" in await resp.text()
            async with http.get(url, headers=app_headers(OTHER_OPERATOR)) as resp:
                assert resp.status == 200
                assert "№ 1" not in await resp.text()

            # A wall-screen link: every open ticket, no residents' names, phones or text.
            token = await new_link(bot, admin)
            screen = f"{base_url(bot)}/board/s/{token}"
            async with http.get(screen) as resp:
                assert resp.status == 200
                page = await resp.text()
                assert "№ 1" in page
                assert "ул. Садовая, д. 10" in page
                for private in ("Петрова", "555", "Нет света"):
                    assert private not in page
                assert resp.headers["Cache-Control"] == "no-store"
            async with http.get(url, headers=token_headers(token)) as resp:
                assert resp.status == 200
            # A screen cannot open cards or act.
            async with http.get(
                base_url(bot) + "/board/ticket/1", headers=token_headers(token)
            ) as resp:
                assert resp.status == 403
            await revoke_link(bot, token, admin)
            async with http.get(screen) as resp:
                assert resp.status == 401
            async with http.get(url, headers=token_headers(token)) as resp:
                assert resp.status == 401
            async with http.get(base_url(bot) + "/board/s/not-a-token") as resp:
                assert resp.status == 401
    finally:
        await bot.stop()
