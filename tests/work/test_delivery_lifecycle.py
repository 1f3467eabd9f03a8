"""Workflow notifications under a flaky Telegram: the whole lifecycle while the fake Bot API
answers 429 (retry_after=2) and 502 to some sends, and a restart with notifications still
pending in the outbox. Every notification arrives exactly once, none before retry_after."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from db.models import OutgoingMessage, Role
from tests.fakes.bot_api import CallRecord, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, ticket_row


async def _outbox(bot: BotHarness) -> list[OutgoingMessage]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)))


async def _all_sent(bot: BotHarness, timeout: float = 15.0) -> list[OutgoingMessage]:
    """The outbox once every row is sent (fails on a row given up or still pending)."""
    for _ in range(int(timeout * 10)):
        rows = await _outbox(bot)
        assert all(r.failed_at is None for r in rows), [(r.id, r.error) for r in rows]
        if rows and all(r.sent_at is not None for r in rows):
            return rows
        await asyncio.sleep(0.1)
    raise AssertionError([(r.id, r.chat_id, r.error) for r in await _outbox(bot)])


def _delivered_once(api: FakeBotAPI, rows: list[OutgoingMessage]) -> None:
    """Each notification is exactly one message in its chat (edits are not new messages)."""
    for row in rows:
        if row.edit_of_id is not None or row.method is not None:
            continue  # edits are not new messages; replies are journaled calls, not notices
        chat = api.chats[row.chat_id].messages
        shown = [m for m in chat if m.message_id == row.telegram_message_id]
        assert len(shown) == 1, row.text
        assert [m.text for m in chat].count(shown[0].text) == 1, row.text


def _sends_to(api: FakeBotAPI, chat_id: int) -> list[CallRecord]:
    return [c for c in api.calls_of("sendMessage") if c.params["chat_id"] == str(chat_id)]


async def _people(bot: BotHarness) -> int:
    await add_person(bot, 201, "Руководов", [Role.MANAGER])
    await add_person(bot, 301, "Электриков", [Role.EXECUTOR], position="Электрик")
    return await add_person(bot, 401, "Операторова", [Role.OPERATOR])


async def test_lifecycle_with_429_and_502(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author_id = await _people(bot)
    manager, executor = FakeUser(fake_api, 201, "Р"), FakeUser(fake_api, 301, "Э")
    author = FakeUser(fake_api, 401, "О")

    # The first send after creating the ticket (to the manager, from the outbox): 429.
    fake_api.fail_next("sendMessage", 429, retry_after=2)
    ticket_id = await create_ticket(bot, author_id)
    offer = await manager.expect("ждёт назначения исполнителя", timeout=15)
    to_manager = _sends_to(fake_api, 201)
    assert len(to_manager) == 2
    assert to_manager[1].at - to_manager[0].at >= 2.0  # not before retry_after

    await manager.press("👤 Назначить", offer)
    picker = await manager.expect("Кого назначить")
    await manager.press(picker.buttons[0], picker)
    card = await executor.expect("Вам назначена заявка № 1")
    await _all_sent(bot)
    # Accepting only edits the executor's card; the author's notice gets a 502 first.
    fake_api.fail_next("sendMessage", 502)
    await executor.press("✅ Принять", card)
    await executor.expect("Этап: <b>В работе</b>")
    await author.expect("взял(а) в работу: Электриков И.", timeout=15)
    assert len(_sends_to(fake_api, 401)) == 2

    await executor.press("✅ Завершить")
    await executor.expect("Отчёт по заявке № 1")
    await executor.send("Заменил автомат")
    await executor.expect("Добавлено в отчёт")
    await executor.press("✅ Готово")
    await executor.expect("Отчёт отправлен автору")
    report = await author.expect("Отчёт исполнителя")
    assert "Заменил автомат" in report.text
    await _all_sent(bot)

    # Confirming takes the buttons off the author's report and shows the closed card below
    # it (sent right after the commit); that card gets a 429 first.
    fake_api.fail_next("sendMessage", 429, retry_after=2)
    await author.press("👍 Подтвердить", report)
    await author.expect("Этап: <b>Закрыта</b>", timeout=15)
    await executor.expect("Автор подтвердил выполнение заявки № 1", timeout=15)
    closed = [c for c in _sends_to(fake_api, 401) if "Закрыта" in c.params["text"]]
    assert len(closed) == 2
    assert closed[1].at - closed[0].at >= 2.0
    confirmed = [c for c in _sends_to(fake_api, 301) if "подтвердил" in c.params["text"]]
    assert len(confirmed) == 1
    ticket = await ticket_row(bot, ticket_id)
    assert (ticket.stage_key, ticket.outcome) == ("closed", "done")

    rows = await _all_sent(bot)
    _delivered_once(fake_api, rows)
    retried = [r for r in rows if r.attempts > 0]
    # The notices' 429 and 502 (the card's 429 is retried by the reply path), each message
    # sent once in the end.
    assert sorted((r.chat_id, r.error) for r in retried) == [
        (201, "retry_after"),
        (401, "TelegramServerError"),
    ]


async def test_pending_notifications_survive_a_restart(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author_id = await _people(bot)
    manager, executor = FakeUser(fake_api, 201, "Р"), FakeUser(fake_api, 301, "Э")
    ticket_id = await create_ticket(bot, author_id)
    offer = await manager.expect("ждёт назначения исполнителя")
    await manager.press("👤 Назначить", offer)
    picker = await manager.expect("Кого назначить")
    await _all_sent(bot)
    # The assignment's notification gets "retry after 3 s"; the bot stops right then.
    fake_api.fail_next("sendMessage", 429, retry_after=3)
    await manager.press(picker.buttons[0], picker)
    for _ in range(100):  # until the 429 is recorded on the row, then stop at once
        if any(r.error == "retry_after" for r in await _outbox(bot)):
            break
        await asyncio.sleep(0.02)
    await bot.stop()
    pending = [r for r in await _outbox(bot) if r.sent_at is None]
    assert [r.chat_id for r in pending if r.error == "retry_after"] == [301]
    assert not [m for m in executor.messages if "Вам назначена" in m.text]

    await bot.start()
    card = await executor.expect("Вам назначена заявка № 1", timeout=15)
    assert "✅ Принять" in card.buttons
    first, *rest = _sends_to(fake_api, 301)
    assert len(rest) == 1
    assert rest[0].at - first.at >= 3.0  # not before retry_after, even across the restart
    _delivered_once(fake_api, await _all_sent(bot))
    assert (await ticket_row(bot, ticket_id)).assignee_id is not None
