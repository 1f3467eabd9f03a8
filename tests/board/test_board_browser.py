"""The board in a real headless chromium: live updates, timers turning red, the Mini App
assigning a ticket that the bot then shows, 401 for a revoked link in the browser too."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import select, update

from db.base import utcnow
from db.models import Role, Ticket
from tests.board.browser import Browser
from tests.board.helpers import base_url, board_bot, new_link, revoke_link, signed, staff
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import DefaultForm, fill_default_form
from tests.work.helpers import create_ticket

MANAGER, OPERATOR, EXECUTOR, ADMIN = 201, 401, 301, 501
LIVE_SECONDS = 2.0

TILES = (
    "return Array.from(document.querySelectorAll('.stage-col .tile .num')).map(e => e.textContent)"
)


async def test_wall_screen_is_live_and_a_breach_turns_the_timer_red(
    fake_api: FakeBotAPI, sqlite_url: str, browser: Browser
) -> None:
    bot = await board_bot(fake_api, sqlite_url, workflow={"assignment": {"mode": "manual"}})
    try:
        _, author, admin = await staff(
            bot,
            [
                (MANAGER, "Руководов", [Role.MANAGER]),
                (OPERATOR, "Операторова", [Role.OPERATOR]),
                (ADMIN, "Админов", [Role.ADMIN]),
            ],
        )
        await create_ticket(bot, author, address="ул. Первая, д. 1")
        token = await new_link(bot, admin)
        await browser.get(f"{base_url(bot)}/board/s/{token}")
        assert await browser.until(TILES) == ["№ 1"]
        await browser.until("return document.querySelector('#live.on')")
        # A marker that a reload would wipe: the page must update in place.
        await browser.js("window.__kept = 42")

        # An operator creates a ticket through the bot: on the screen within 2 s.
        operator = FakeUser(fake_api, OPERATOR, "Оператор")
        await fill_default_form(operator, DefaultForm(address="ул. Вторая, д. 2"))
        await operator.press("✅ Создать")
        await operator.expect("создана")
        await browser.until(
            "return document.body.textContent.includes('ул. Вторая, д. 2')",
            timeout=LIVE_SECONDS,
        )
        assert await browser.js(TILES) == ["№ 1", "№ 2"]
        assert await browser.js("return window.__kept") == 42
        # Residents' names and phones never reach the wall screen.
        text = await browser.js("return document.body.textContent")
        assert "Иванова" not in text
        assert "555-01-01" not in text

        # A limit about to pass: the timer counts down, then turns red by itself.
        async with bot.session_factory() as session, session.begin():
            await session.execute(
                update(Ticket)
                .where(Ticket.number == 2)
                .values(stage_deadline_at=utcnow() + timedelta(seconds=2))
            )
        timer = "document.querySelector('.tile[data-ticket=\"2\"] .timer')"
        await browser.until(f"return {timer} && {timer}.dataset.deadline", timeout=LIVE_SECONDS)
        assert not await browser.js(f"return {timer}.classList.contains('breached')")
        await browser.until(f"return {timer}.classList.contains('breached')", timeout=4)
        color = await browser.js(f"return getComputedStyle({timer}).color")
        assert color == "rgb(255, 59, 48)"  # red
        assert "просрочено" in await browser.js(f"return {timer}.textContent")

        # The link revoked: the page answers 401 and says why.
        await revoke_link(bot, token, admin)
        await browser.get(f"{base_url(bot)}/board/s/{token}")
        assert "недействительна" in await browser.js("return document.body.textContent")
    finally:
        await bot.stop()


async def test_assigning_in_the_mini_app_reaches_the_bot(
    fake_api: FakeBotAPI, sqlite_url: str, phone: Browser
) -> None:
    bot = await board_bot(fake_api, sqlite_url, workflow={"assignment": {"mode": "manual"}})
    try:
        _, author, executor_id = await staff(
            bot,
            [
                (MANAGER, "Руководов", [Role.MANAGER]),
                (OPERATOR, "Операторова", [Role.OPERATOR]),
                (EXECUTOR, "Электриков", [Role.EXECUTOR]),
            ],
        )
        await create_ticket(bot, author, priority="Аварийная")
        executor = FakeUser(fake_api, EXECUTOR, "Иван")
        # Outside Telegram (no initData), then a forged one: no board.
        await phone.get(f"{base_url(bot)}/board/app")
        await phone.until("return document.body.textContent.includes('Откройте табло из Telegram')")
        forged = signed(MANAGER).replace("auth_date=", "auth_date=9")
        await phone.get("about:blank")  # a new document, not a hash change
        await phone.get(f"{base_url(bot)}/board/app#tgWebAppData={quote(forged)}")
        await phone.until("return document.body.textContent.includes('Не удалось загрузить')")
        assert not await phone.js("return document.querySelector('.tile')")

        init = signed(MANAGER)
        await phone.get("about:blank")
        # Telegram passes initData in the URL hash when telegram-web-app.js is absent.
        await phone.get(f"{base_url(bot)}/board/app#tgWebAppData={quote(init)}&tgWebAppVersion=8.0")
        # An emergency is on top, with its limit counting down.
        await phone.until("return document.querySelector('.emergencies .tile .timer .clock')")
        await phone.js("document.querySelector('.emergencies .tile').click()")
        await phone.until("return document.querySelector('#card .card-view')")
        card = await phone.js("return document.querySelector('#card').textContent")
        assert "Заявка № 1" in card or "№ 1" in card
        await phone.js(
            "const s = document.querySelector('#card form.assign select');"
            "s.value = arguments[0]; document.querySelector('#card form.assign button').click()",
            str(executor_id),
        )
        result = await phone.until(
            "const r = document.querySelector('#card .result'); return r && r.textContent"
        )
        assert "назначена" in result
        assert "Электриков" in result

        # The bot: the executor is told, the database has the assignee.
        notice = await executor.expect("Вам назначена заявка № 1")
        assert "✅ Принять" in notice.buttons
        async with bot.session_factory() as session:
            ticket = await session.scalar(select(Ticket).where(Ticket.number == 1))
            assert ticket is not None
            assert ticket.assignee_id == executor_id

        # Back on the board the ticket is no longer unassigned.
        await phone.js("document.querySelector('#card button.back').click()")
        await phone.until(
            "return !document.querySelector('.unassigned .tile')"
            " && document.querySelector('.stage-col .tile')"
        )
    finally:
        await bot.stop()
