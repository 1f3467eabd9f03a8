"""The board over plain HTTP: who gets in (initData, board links), what each sees, headers."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
from sqlalchemy import delete

from db.models import PersonRole, Role, Ticket
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


async def test_filters_and_taking_in_the_mini_app(fake_api: FakeBotAPI, database_url: str) -> None:
    bot = await board_bot(fake_api, database_url, workflow={"assignment": {"mode": "manual"}})
    try:
        manager_id, author, executor_id = await staff(
            bot,
            [
                (MANAGER, "Руководов", [Role.MANAGER, Role.EXECUTOR]),
                (OPERATOR, "Операторова", [Role.OPERATOR]),
                (EXECUTOR, "Электриков", [Role.EXECUTOR]),
            ],
        )
        first = await create_ticket(bot, author, address="ул. Первая, д. 1", category="Лифт")
        await create_ticket(bot, author, address="ул. Вторая, д. 2, кв. 7", category="Электрика")
        url = base_url(bot) + "/board/fragment"
        headers = app_headers(MANAGER)
        async with aiohttp.ClientSession() as http:

            async def board(**query: str) -> str:
                async with http.get(url, headers=headers, params=query) as resp:
                    assert resp.status == 200
                    return await resp.text()

            page = await board()
            assert "ул. Вторая, д. 2" in page
            assert "кв. 7" not in page  # the house only
            assert '<option value="ул. Первая, д. 1">' in page
            only_lift = await board(category="Лифт")
            assert "№ 1" in only_lift
            assert "№ 2" not in only_lift
            only_house = await board(house="ул. Вторая, д. 2")
            assert "№ 2" in only_house
            assert "№ 1" not in only_house
            assert '<span class="stat" id="created"><b>1</b>' in only_house
            assert '<span class="stat" id="created"><b>2</b>' in page
            assert "data-ticket=" not in await board(executor=str(executor_id))

            # The card with the actions this manager (also an executor) may take; take it.
            async with http.get(f"{base_url(bot)}/board/ticket/{first}", headers=headers) as resp:
                card = await resp.text()
            assert "✋ Взять в работу" in card
            assert "👤 Назначить…" in card
            async with http.post(
                f"{base_url(bot)}/board/ticket/{first}/take",
                headers=headers,
                data={"stage": "old-stage"},
            ) as resp:
                assert "Кнопка устарела" in await resp.text()
            async with http.post(
                f"{base_url(bot)}/board/ticket/{first}/take", headers=headers, data={"stage": "new"}
            ) as resp:
                assert resp.status == 200
                assert "Заявка № 1 — ваша." in await resp.text()
            # An operator may not act on a ticket they may see but not assign.
            async with http.post(
                f"{base_url(bot)}/board/ticket/{first}/assign",
                headers=app_headers(OPERATOR),
                data={"stage": "new", "executor": str(executor_id)},
            ) as resp:
                assert resp.status == 403
            mine = await board(executor=str(manager_id))
            assert "№ 1" in mine
            assert "№ 2" not in mine
        async with bot.session_factory() as session:
            ticket = await session.get(Ticket, first)
            assert ticket is not None
            assert ticket.assignee_id == manager_id
    finally:
        await bot.stop()


async def _next_event(stream: aiohttp.ClientResponse, timeout: float = 5.0) -> str:
    """The name of the next server-sent event (pings skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            line = (await stream.content.readline()).decode()
            if not line:
                return "<closed>"
            if line.startswith("event: "):
                return line.removeprefix("event: ").strip()


async def _first_but_change(stream: aiohttp.ClientResponse) -> str:
    """The next event that is not a ``change`` (which the same edit may cause first)."""
    async with asyncio.timeout(5):
        while (name := await _next_event(stream)) == "change":
            pass
    return name


async def _events_for(stream: aiohttp.ClientResponse, seconds: float) -> list[str]:
    heard: list[str] = []
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            while True:
                heard.append(await _next_event(stream, seconds))
                if heard[-1] == "<closed>":
                    break
    return heard


async def test_open_streams_end_as_soon_as_access_is_taken_away(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await board_bot(fake_api, sqlite_url)
    try:
        manager, operator_id, admin = await staff(
            bot,
            [
                (MANAGER, "Руководов", [Role.MANAGER]),
                (OPERATOR, "Операторова", [Role.OPERATOR]),
                (ADMIN, "Админов", [Role.ADMIN]),
            ],
        )
        token = await new_link(bot, admin)
        url = base_url(bot) + "/board/events"
        async with aiohttp.ClientSession() as http:
            wall = await http.get(url, headers=token_headers(token))
            app = await http.get(url, headers=app_headers(MANAGER))
            operator = await http.get(url, headers=app_headers(OPERATOR))
            for stream in (wall, app, operator):
                assert await _next_event(stream) == "hello"

            # The link is revoked: its wall screen is told at once, not at the next check
            # 15 s later; the others go on.
            await revoke_link(bot, token, admin)
            assert await _first_but_change(wall) == "denied"

            # The manager's role is taken away: the Mini App's stream ends as well.
            async with bot.session_factory() as session, session.begin():
                await session.execute(delete(PersonRole).where(PersonRole.person_id == manager))
            assert await _first_but_change(app) == "denied"

            # The operator kept the role: their stream goes on and hears of a new ticket.
            await create_ticket(bot, operator_id)
            heard = await _events_for(operator, 2.0)
            assert "change" in heard
            assert "denied" not in heard
            assert "<closed>" not in heard
            for stream in (wall, app, operator):
                stream.close()
    finally:
        await bot.stop()
