"""Edited messages get an answer: inside a dialogue the correction is not taken and the
dialogue stays where it was; elsewhere the person is told to send a new message; strangers are
told they have no access. The bot asks Telegram for edited messages at all."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from db.models import FsmRecord, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import accepted_ticket, add_person, started_bot, ticket_row

IN_TICKET_DIALOGUE = (
    "Исправление не учтено: бот уже принял прежний ответ. Чтобы изменить поле, нажмите "
    "«✏️ Изменить…» на итоговом шаге, перед «Создать»."
)
IN_DIALOGUE = (
    "Исправление не учтено: бот уже принял прежний ответ. Отправьте нужное новым сообщением "
    "или отмените действие: /cancel"
)
OUTSIDE = "Изменённые сообщения бот не читает — отправьте новое сообщение."
NO_ACCESS = "Нет доступа. Чтобы работать с ботом, запросите доступ: /start"


async def _dialogue_records(bot: BotHarness) -> list[tuple[str, str | None, Any]]:
    """The stored dialogue state, once the ids of messages just sent replaced their stand-ins
    (negative ids written first, see "commit first, then talk")."""
    for _ in range(50):
        async with bot.session_factory() as session:
            rows = list(await session.scalars(select(FsmRecord).order_by(FsmRecord.key)))
        records = [(r.key, r.state, r.data) for r in rows]
        if all((data or {}).get("last_message_id", 0) >= 0 for _, _, data in records):
            return records
        await asyncio.sleep(0.1)
    raise AssertionError(f"stand-in message ids never replaced: {records}")


async def test_an_edit_inside_the_ticket_dialogue_changes_nothing(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url)
    try:
        await add_person(bot, 800, "Операторов", [Role.OPERATOR])
        operator = FakeUser(fake_api, 800, "Семён")
        await operator.send("/new")
        await operator.expect("Шаг 1 из 10")
        allowed = fake_api.calls_of("getUpdates")[-1].params.get("allowed_updates")
        assert "edited_message" in allowed
        await operator.send("ул. Садовая, д. 10")
        await operator.expect("Шаг 2 из 10")
        before = await _dialogue_records(bot)
        assert before

        await operator.edit(operator.sent_message_ids[-1], "ул. Лютиковая, д. 1")
        told = await operator.expect("Исправление не учтено")
        assert told.text == IN_TICKET_DIALOGUE
        assert await _dialogue_records(bot) == before
        await operator.press("◀️ Назад")
        back = await operator.expect("Шаг 1 из 10")
        assert "Сейчас: ул. Садовая, д. 10" in back.text

        # Outside any dialogue: a short reply, nothing else happens.
        await operator.send("/cancel")
        await operator.expect("Заявка не создана, введённые данные удалены")
        await operator.send("привет")
        await operator.expect("Я не понял сообщение")
        await operator.edit(operator.sent_message_ids[-1], "/new")
        told = await operator.expect("Изменённые сообщения")
        assert told.text == OUTSIDE
        assert not [r for r in await _dialogue_records(bot) if r[2]]

        stranger = FakeUser(fake_api, 777, "Гость")
        await stranger.send("привет")
        await stranger.expect("Я не понял сообщение")
        await stranger.edit(stranger.sent_message_ids[-1], "/start")
        told = await stranger.expect("Нет доступа")
        assert told.text == NO_ACCESS
    finally:
        await bot.stop()


async def test_an_edit_while_a_workflow_input_waits_keeps_the_input(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "auto_round_robin"})
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor = FakeUser(fake_api, 301, "И")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.send("/start")  # an own message to correct later
        await executor.expect("Ваши роли")
        await executor.press("❓ Запросить информацию", card)
        await executor.expect("Какой вопрос задать автору")
        before = await _dialogue_records(bot)

        await executor.edit(executor.sent_message_ids[-1], "Какой кабинет?")
        told = await executor.expect("Исправление не учтено")
        assert told.text == IN_DIALOGUE
        assert await _dialogue_records(bot) == before
        assert (await ticket_row(bot, ticket_id)).stage_key == "in_progress"

        await executor.send("Какой номер кабинета?")  # the input still waits for the question
        await executor.expect("Вопрос отправлен автору заявки № 1")
        assert (await ticket_row(bot, ticket_id)).stage_key == "awaiting_info"
    finally:
        await bot.stop()
