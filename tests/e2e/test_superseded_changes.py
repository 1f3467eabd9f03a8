"""A change of a message that is sent late (a reply handed to the outbox, or left by a process
that died after sending it) is not sent once a later change of the same message exists: it
would put the older content back, e.g. a form's previous step over its summary."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select, update

from db.base import utcnow
from db.models import OutgoingMessage
from services import outbox
from services.outbox_changes import SUPERSEDED
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness, make_settings

CHAT = 970
SUMMARY_KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="✅ Создать", callback_data="create")]]
)


@pytest.fixture
async def bot_on(fake_api: FakeBotAPI, database_url: str) -> AsyncIterator[BotHarness]:
    harness = BotHarness(make_settings(api_base=fake_api.base_url, database_url=database_url))
    await harness.start()
    yield harness
    await harness.stop()


async def _shown(bot: BotHarness, text: str) -> int:
    """A message in the chat, sent through the outbox; its Telegram id."""
    async with bot.session_factory() as session, session.begin():
        row = outbox.enqueue(session, CHAT, text)
        await session.flush()
        row_id = row.id
    return await _sent_id(bot, row_id)


async def _sent_id(bot: BotHarness, row_id: int) -> int:
    assert bot.runtime is not None
    bot.runtime.delivery.wake()
    for _ in range(200):
        async with bot.session_factory() as session:
            row = await session.get(OutgoingMessage, row_id)
            assert row is not None
            if row.telegram_message_id is not None:
                return row.telegram_message_id
        await asyncio.sleep(0.05)
    raise AssertionError("not sent")


async def _journal(bot: BotHarness, method: str, payload: dict[str, Any]) -> int:
    """A reply journaled by a process that then died: leased, so nobody sends it yet."""
    async with bot.session_factory() as session, session.begin():
        entry = outbox.JournalEntry(CHAT, method, {"chat_id": CHAT, **payload}, None, 1)
        (row_id,) = await outbox.journal(session, [entry], claimed=True)
    return row_id


async def _sent_by_another_process(bot: BotHarness, method: str, payload: dict[str, Any]) -> None:
    """A later reply, journaled and sent at once by the process that handled the next step."""
    assert bot.runtime is not None
    row_id = await _journal(bot, method, payload)
    sending = bot.runtime.delivery_bot
    if method == "editMessageText":
        await sending.edit_message_text(chat_id=CHAT, **payload)
    else:
        await sending.edit_message_reply_markup(chat_id=CHAT, **payload)
    async with bot.session_factory() as session, session.begin():
        await outbox.mark_sent(session, row_id, payload["message_id"])


async def _lease_runs_out(bot: BotHarness, row_id: int) -> OutgoingMessage:
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == row_id)
            .values(claimed_until=utcnow() - timedelta(seconds=1))
        )
    assert bot.runtime is not None
    bot.runtime.delivery.wake()
    for _ in range(200):
        async with bot.session_factory() as session:
            row = await session.scalar(select(OutgoingMessage).where(OutgoingMessage.id == row_id))
            assert row is not None
            if row.sent_at is not None or row.failed_at is not None:
                return row
        await asyncio.sleep(0.05)
    raise AssertionError("never settled")


async def test_an_older_edit_does_not_overwrite_a_newer_one(
    fake_api: FakeBotAPI, bot_on: BotHarness
) -> None:
    bot = bot_on
    form = await _shown(bot, "Шаг 9 из 10")
    stale = await _journal(bot, "editMessageText", {"message_id": form, "text": "Шаг 10 из 10"})
    summary = {
        "message_id": form,
        "text": "Проверьте заявку",
        "reply_markup": SUMMARY_KEYBOARD.model_dump(mode="json", exclude_none=True),
    }
    await _sent_by_another_process(bot, "editMessageText", summary)

    row = await _lease_runs_out(bot, stale)
    assert (row.sent_at, row.error) == (None, SUPERSEDED)
    shown = next(m for m in fake_api.chats[CHAT].messages if m.message_id == form)
    assert shown.text == "Проверьте заявку"
    assert shown.buttons == ["✅ Создать"]
    assert not [c for c in fake_api.calls_of("editMessageText") if "Шаг 10" in str(c.params)]


async def test_a_newer_change_of_the_buttons_alone_leaves_an_older_text_edit_to_go(
    fake_api: FakeBotAPI, bot_on: BotHarness
) -> None:
    bot = bot_on
    card = await _shown(bot, "Заявка № 1: новая")
    text_edit = await _journal(
        bot, "editMessageText", {"message_id": card, "text": "Заявка № 1: в работе"}
    )
    await _sent_by_another_process(bot, "editMessageReplyMarkup", {"message_id": card})

    row = await _lease_runs_out(bot, text_edit)
    assert row.sent_at is not None
    shown = next(m for m in fake_api.chats[CHAT].messages if m.message_id == card)
    assert shown.text == "Заявка № 1: в работе"


async def test_a_stand_in_id_and_a_notices_edit_are_matched_to_the_message(
    fake_api: FakeBotAPI, bot_on: BotHarness
) -> None:
    bot = bot_on
    # A reply sent as a new message under a stand-in id, edited later by its real id.
    async with bot.session_factory() as session, session.begin():
        entry = outbox.JournalEntry(CHAT, "sendMessage", {"chat_id": CHAT, "text": "Шаг 1"}, -77, 1)
        (first,) = await outbox.journal(session, [entry], claimed=False)
    real = await _sent_id(bot, first)
    stale = await _journal(bot, "editMessageText", {"message_id": -77, "text": "Шаг 2"})
    await _sent_by_another_process(bot, "editMessageText", {"message_id": real, "text": "Шаг 3"})
    row = await _lease_runs_out(bot, stale)
    assert row.error == SUPERSEDED

    # A notification's buttons taken off late, after the message was deleted by a reply.
    notice = await _shown(bot, "Вам назначена заявка № 2")
    async with bot.session_factory() as session, session.begin():
        original = await session.scalar(
            select(OutgoingMessage).where(OutgoingMessage.telegram_message_id == notice)
        )
        assert original is not None
        unbutton = outbox.enqueue(session, CHAT, "", None, edit_of=original.id)
        await session.flush()
        unbutton_id = unbutton.id
        await session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == unbutton_id)
            .values(claimed_until=utcnow() + timedelta(seconds=30))
        )
    deleted = await _journal(bot, "deleteMessage", {"message_id": notice})
    async with bot.session_factory() as session, session.begin():
        await outbox.mark_sent(session, deleted, None)
    row = await _lease_runs_out(bot, unbutton_id)
    assert row.error == SUPERSEDED
    assert not fake_api.calls_of("editMessageReplyMarkup")
