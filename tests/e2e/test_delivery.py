"""The outbox: nothing lost when Telegram says 429 or 5xx, nothing sent twice, blocked users."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from db.models import OutgoingMessage
from services import outbox
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness


async def _enqueue(bot: BotHarness, chat_id: int, text: str) -> int:
    async with bot.session_factory() as session, session.begin():
        message = outbox.enqueue(session, chat_id, text)
        await session.flush()
        message_id = message.id
    assert bot.runtime is not None
    bot.runtime.delivery.wake()
    return message_id


async def _stored(bot: BotHarness, message_id: int) -> OutgoingMessage:
    """The row once its outcome is recorded (a moment after Telegram got the message)."""
    for _ in range(100):
        async with bot.session_factory() as session:
            message = await session.scalar(
                select(OutgoingMessage).where(OutgoingMessage.id == message_id)
            )
        assert message is not None
        if message.sent_at is not None or message.failed_at is not None:
            return message
        await asyncio.sleep(0.05)
    return message


async def test_retry_after_is_respected_and_message_sent_once(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    fake_api.fail_next("sendMessage", 429, retry_after=2)
    message_id = await _enqueue(bot, 950, "Заявка № 1 назначена вам")
    await fake_api.wait_for(lambda: fake_api.chats[950].messages, timeout=15)

    calls = fake_api.calls_of("sendMessage")
    assert len(calls) == 2
    assert calls[1].at - calls[0].at >= 2.0
    assert [m.text for m in fake_api.chats[950].messages] == ["Заявка № 1 назначена вам"]
    stored = await _stored(bot, message_id)
    assert stored.sent_at is not None
    assert stored.attempts == 1


async def test_server_errors_are_retried(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    fake_api.fail_next("sendMessage", 502, times=2)
    message_id = await _enqueue(bot, 951, "Срок по заявке истекает")
    await fake_api.wait_for(lambda: fake_api.chats[951].messages, timeout=20)
    assert len(fake_api.chats[951].messages) == 1
    assert len(fake_api.calls_of("sendMessage")) == 3
    assert (await _stored(bot, message_id)).sent_at is not None


async def test_blocked_user_is_not_retried(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    fake_api.blocked.add(952)
    message_id = await _enqueue(bot, 952, "Вам ответили")
    await _enqueue(bot, 953, "Следующее сообщение")
    await fake_api.wait_for(lambda: fake_api.chats[953].messages, timeout=15)
    stored = await _stored(bot, message_id)
    assert stored.failed_at is not None
    assert stored.sent_at is None
    assert stored.error == "blocked by the user"
    assert len([c for c in fake_api.calls_of("sendMessage") if c.params["chat_id"] == "952"]) == 1


async def test_pending_messages_are_sent_after_a_restart(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await bot.stop()
    async with bot.session_factory() as session, session.begin():
        outbox.enqueue(session, 954, "Оставлено до перезапуска")
    await bot.start()
    await fake_api.wait_for(lambda: fake_api.chats[954].messages, timeout=15)
    assert [m.text for m in fake_api.chats[954].messages] == ["Оставлено до перезапуска"]


async def test_a_reply_survives_a_short_telegram_outage(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    """A 5xx or a short 429 on the handler's own reply does not lose the person's action."""
    from db.models import AccessRequest
    from tests.conftest import ADMIN_ID
    from tests.fakes.users import FakeUser

    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, 960, "Лев")
    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")
    fake_api.fail_next("editMessageText", 502)
    fake_api.fail_next("answerCallbackQuery", 429, retry_after=1)
    await stranger.press("🔑 Запросить доступ", greeting)
    await stranger.expect("Запрос отправлен администраторам")
    await admin.expect("Запрос доступа")
    async with bot.session_factory() as session:
        requests = list(await session.scalars(select(AccessRequest)))
    assert [r.telegram_id for r in requests] == [960]
    edits = fake_api.calls_of("editMessageText")
    assert len(edits) == 2


async def test_a_notification_to_someone_deactivated_meanwhile_is_dropped(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    from db.base import utcnow
    from db.models import Person, PersonRole

    await bot.stop()
    async with bot.session_factory() as session, session.begin():
        person = Person(last_name="Ушедший", telegram_id=955, roles=[PersonRole(role="executor")])
        other = Person(last_name="Оставшийся", telegram_id=956, roles=[PersonRole(role="executor")])
        session.add_all([person, other])
        await session.flush()
        queued = outbox.enqueue(session, 955, "Вам назначена заявка № 7")
        outbox.enqueue(session, 956, "Вам назначена заявка № 8")
        await session.flush()
        queued_id = queued.id
    async with bot.session_factory() as session, session.begin():
        gone = await session.scalar(select(Person).where(Person.telegram_id == 955))
        assert gone is not None
        gone.is_active, gone.deactivated_at = False, utcnow()
    await bot.start()

    await fake_api.wait_for(lambda: fake_api.chats[956].messages, timeout=15)
    stored = await _stored(bot, queued_id)
    assert stored.failed_at is not None
    assert stored.error == "recipient deactivated"
    assert fake_api.chats[955].messages == []
