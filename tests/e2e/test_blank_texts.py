"""Messages that show nothing (spaces of any kind, zero-width characters, "blank" letters such
as U+2800) are answered like any other text and never accepted as an answer."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Role, Ticket
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import add_person

NOTICE = "Уведомление об обработке персональных данных"


async def test_blank_messages_get_answers_and_fill_nothing(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = BotHarness(
        make_settings(
            api_base=fake_api.base_url,
            database_url=sqlite_url,
            admins=[ADMIN_ID],
            privacy={"require_acceptance": True, "notice_version": "1"},
        )
    )
    await bot.start()
    try:
        await add_person(bot, 840, Role.OPERATOR)
        operator = FakeUser(fake_api, 840, "Ольга")
        # Before the notice is accepted: the notice again, not an error.
        await operator.send("\xa0")
        notice = await operator.expect(NOTICE)
        await operator.press("✅ Принимаю", notice)
        await operator.expect("Ваши роли")

        await operator.send("\u3000")
        await operator.expect("Я не понял сообщение")

        await operator.send("/new")
        await operator.expect("Шаг 1 из")
        for blank in ("\u2800", "\u200b", "\u3164 \xa0"):
            await operator.send(blank)
            await operator.expect("Пустое значение")
        await operator.send("ул. Садовая, д. 10")
        await operator.expect("Квартира")
        assert not [t for t in operator.texts() if "Не получилось выполнить действие" in t]
        async with bot.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(Ticket)) == 0
    finally:
        await bot.stop()
