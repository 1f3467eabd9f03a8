"""A person who blocked the bot: the outbox marks their messages failed (403, no retry),
managers are told once per episode, and the manager's picker shows it."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.views.callbacks import WorkCb
from db.models import OutgoingMessage, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.work.helpers import add_person, create_ticket, started_bot


async def test_blocked_executor_is_reported_once_and_shown_in_the_picker(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "auto_round_robin"})
    try:
        await add_person(bot, 301, "Заблокировал", [Role.EXECUTOR], position="Электрик")
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        await add_person(bot, 202, "Замов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        fake_api.blocked.add(301)
        managers = [FakeUser(fake_api, 201, "Р"), FakeUser(fake_api, 202, "З")]
        for _ in range(3):  # three tickets, three blocked messages: one notice per manager
            await create_ticket(bot, author_id)
        for manager in managers:
            await manager.expect("Заблокировал Иван (Электрик) заблокировал(а) бота")

        def sends_to_blocked() -> list[object]:
            return [c for c in fake_api.calls_of("sendMessage") if c.params["chat_id"] == "301"]

        # The notice comes after the first refusal; wait for the other two attempts as well.
        await fake_api.wait_for(lambda: len(sends_to_blocked()) >= 3)
        for _ in range(50):  # the sender records each refusal right after Telegram's answer
            async with bot.session_factory() as session:
                to_executor = list(
                    await session.scalars(
                        select(OutgoingMessage).where(OutgoingMessage.chat_id == 301)
                    )
                )
            if all(m.failed_at is not None for m in to_executor):
                break
            await asyncio.sleep(0.1)
        assert len(to_executor) == 3
        assert all(m.failed_at is not None and m.sent_at is None for m in to_executor)
        assert {m.error for m in to_executor} == {"blocked by the user"}
        assert len(sends_to_blocked()) == 3  # never retried
        for manager in managers:
            notices = [t for t in manager.texts() if "заблокировал(а) бота" in t]
            assert len(notices) == 1

        # The manager's picker says who gets no messages ("assign" as a card carries it).
        await managers[0].send("/t 1")
        card = await managers[0].expect("Заявка № 1")
        await managers[0].press_data(WorkCb(a="assign", t=1, s="new").pack(), card)
        picker = await managers[0].expect("Кого назначить")
        assert picker.buttons == [
            "Заблокировал Иван · Электрик · На смене · 3 · 🚫 не получает сообщения"
        ]
    finally:
        await bot.stop()
