"""The update pipeline under Telegram's faults, on SQLite and PostgreSQL: commit first, then
talk; a lost answer never undoes an action; a button pressed while the bot was down still
works; one person's stuck reply delays nobody else; the outbox repeats itself at most twice."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import AccessRequest, OutgoingMessage, ProcessedUpdate, Role, Ticket
from services import outbox
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import DefaultForm, fill_default_form
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import add_person


@pytest.fixture
def settings(fake_api: FakeBotAPI, database_url: str) -> Settings:
    return make_settings(api_base=fake_api.base_url, database_url=database_url, admins=[ADMIN_ID])


async def _fill_form(op: FakeUser, client: str) -> None:
    await fill_default_form(op, DefaultForm(client=client, description="Не горит свет в подъезде"))


async def _tickets(bot: BotHarness) -> list[Ticket]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(Ticket).order_by(Ticket.number)))


def _created_notices(user: FakeUser) -> list[str]:
    return [m.text for m in user.messages if "создана" in m.text]


async def test_a_lost_answer_to_create_keeps_the_ticket(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    first_id = await add_person(bot, 701, Role.OPERATOR)
    second_id = await add_person(bot, 702, Role.OPERATOR, last_name="Петров")
    first, second = FakeUser(fake_api, 701, "А"), FakeUser(fake_api, 702, "Б")
    await _fill_form(first, "ООО Ромашка")

    # «✅ Заявка № 1 создана» reaches the operator every time, but Telegram's answer is lost.
    fake_api.lose_answers("sendMessage", 502, times=3)
    await first.press("✅ Создать")
    await first.expect("Заявка <b>№ 1</b> создана", timeout=15)
    await asyncio.sleep(5)  # room for the retries of the uncertain send

    created = await _tickets(bot)
    assert [(t.number, t.author_id) for t in created] == [(1, first_id)]
    notices = _created_notices(first)
    # The answer was lost after delivery, so the bot may repeat it: at most twice more.
    assert 1 <= len(notices) <= 3
    assert all("<b>№ 1</b>" in text for text in notices)

    await _fill_form(second, "ИП Лютик")
    await second.press("✅ Создать")
    await second.expect("Заявка <b>№ 2</b> создана", timeout=15)
    created = await _tickets(bot)
    assert [(t.number, t.author_id) for t in created] == [(1, first_id), (2, second_id)]


async def test_a_button_pressed_while_the_bot_was_down_still_works(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, 710, "Лев")
    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")

    await bot.stop()
    fake_api.callback_answer_window = 1.0
    data = greeting.button_data("🔑 Запросить доступ")
    assert data is not None
    press = asyncio.create_task(stranger.press_data(data, greeting))
    # A stale menu button too: all its answer had to say was an alert.
    stale = asyncio.create_task(stranger.press_data("menu:gone", greeting))
    await asyncio.sleep(1.5)  # the answer window closes while the bot is down
    await bot.start()

    await stranger.expect("Запрос отправлен администраторам", timeout=15)
    await admin.expect("Запрос доступа", timeout=15)
    await stranger.expect("Нет доступа", timeout=15)  # the alert, as a message
    async with bot.session_factory() as session:
        requests = list(await session.scalars(select(AccessRequest)))
        statuses = list(await session.scalars(select(ProcessedUpdate.status)))
    assert [r.telegram_id for r in requests] == [710]
    assert "failed" not in statuses
    assert fake_api.calls_of("answerCallbackQuery")  # tried, refused as too old
    assert not press.done()
    assert not stale.done()
    press.cancel()
    stale.cancel()


async def test_a_held_reply_delays_nobody_else(
    fake_api: FakeBotAPI, bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    await add_person(bot, 720, Role.OPERATOR)
    await add_person(bot, 721, Role.OPERATOR, last_name="Петров")
    slow, quick = FakeUser(fake_api, 720, "Медленный"), FakeUser(fake_api, 721, "Быстрый")

    fake_api.hold_sends_to(720)
    await slow.send("/help")
    await asyncio.wait_for(fake_api.held.wait(), 10)  # the reply to /help hangs in Telegram

    started = time.monotonic()
    await quick.send("/my")
    await quick.expect("заяв")
    assert time.monotonic() - started < 1.0

    # The outbox is not held up either, nor does the database stay locked.
    assert bot.runtime is not None
    async with bot.session_factory() as session, session.begin():
        outbox.enqueue(session, 722, "Срок по заявке истекает")
    bot.runtime.delivery.wake()
    await fake_api.wait_for(lambda: fake_api.chats[722].messages, timeout=3)

    fake_api.release(720)
    await slow.expect("/start — Главное меню", timeout=15)
    assert "database is locked" not in caplog.text


async def test_a_lost_answer_in_the_outbox_is_repeated_at_most_twice(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    assert bot.runtime is not None
    fake_api.lose_answers("sendMessage", 502, times=10)
    async with bot.session_factory() as session, session.begin():
        message = outbox.enqueue(session, 730, "Запрос доступа: Лев")
        await session.flush()
        message_id = message.id
    bot.runtime.delivery.wake()

    async def finished() -> OutgoingMessage:
        while True:
            async with bot.session_factory() as session:
                row = await session.get(OutgoingMessage, message_id)
            assert row is not None
            if row.failed_at is not None or row.sent_at is not None:
                return row
            await asyncio.sleep(0.1)

    row = await asyncio.wait_for(finished(), 20)
    await asyncio.sleep(1.5)  # nothing more goes out
    copies = [m.text for m in fake_api.chats[730].messages]
    assert copies == ["Запрос доступа: Лев"] * 3
    assert row.failed_at is not None
    assert row.error is not None
    assert row.error.startswith("gave up")
    assert row.ambiguous_failures == 3


async def test_one_lost_answer_in_the_outbox_gives_one_extra_copy(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    assert bot.runtime is not None
    fake_api.lose_answers("sendMessage", 502, times=1)
    async with bot.session_factory() as session, session.begin():
        outbox.enqueue(session, 731, "Вам назначена заявка № 4")
    bot.runtime.delivery.wake()
    await fake_api.wait_for(lambda: len(fake_api.chats[731].messages) == 2, timeout=10)
    await asyncio.sleep(1.5)
    assert [m.text for m in fake_api.chats[731].messages] == ["Вам назначена заявка № 4"] * 2
    async with bot.session_factory() as session:
        row = await session.scalar(select(OutgoingMessage).where(OutgoingMessage.chat_id == 731))
    assert row is not None
    assert row.sent_at is not None
