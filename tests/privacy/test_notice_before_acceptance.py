"""Staff who have yet to accept the privacy notice are told of tickets without the resident's
personal data, and told how to see it; once they accept, the card shows it all."""

from __future__ import annotations

from sqlalchemy import select

from db.models import AuditEntry, OutgoingMessage, PrivacyAcceptance, Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import DefaultForm, fill_default_form
from tests.harness import BotHarness, make_settings
from tests.privacy.helpers import eventually
from tests.tickets.conftest import add_person

FORM = DefaultForm(client="Секретова Ульяна", phone="+7 921 555-77-11", address="ул. Тайная, 7")
LOCKED = "🔒 Данные жителя скрыты, пока вы не примете уведомление"


async def _texts(bot: BotHarness, chat_id: int) -> list[str]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(OutgoingMessage.text).where(OutgoingMessage.chat_id == chat_id)
        )
        return [text for text in rows if "№ 1" in text]


async def test_notice_hides_the_residents_data_until_the_notice_is_accepted(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        privacy={"require_acceptance": True, "notice_version": "2026-1"},
    )
    bot = BotHarness(settings)
    await bot.start()
    try:
        operator_id = await add_person(bot, 850, Role.OPERATOR)
        await add_person(bot, 851, Role.MANAGER)
        veteran_id = await add_person(bot, 852, Role.MANAGER)
        async with bot.session_factory() as session, session.begin():
            session.add_all(
                PrivacyAcceptance(person_id=person_id, version="2026-1")
                for person_id in (operator_id, veteran_id)
            )
        operator = FakeUser(fake_api, 850, "Ольга")
        await fill_default_form(operator, FORM)
        await operator.press("✅ Создать")
        await operator.expect("создана")

        newcomer = FakeUser(fake_api, 851, "Новиков")
        told = await newcomer.expect("Заявка № 1")
        assert LOCKED in told.text
        for secret in (FORM.client, FORM.address, "921"):
            assert secret not in told.text
        assert FORM.category in told.text  # what the work is stays
        veteran = (await eventually(lambda: _texts(bot, 852), bool))[0]
        assert FORM.client in veteran
        assert FORM.address in veteran
        assert LOCKED not in veteran

        # «📄 Открыть» asks for the acceptance first; after it, the card shows everything.
        await newcomer.press("📄 Открыть", told)
        notice = await newcomer.expect("Уведомление об обработке персональных данных")
        await newcomer.press("✅ Принимаю", notice)
        await newcomer.expect("Ваши роли")
        await newcomer.press("📄 Открыть", told)
        card = await newcomer.expect(FORM.client)
        assert FORM.address in card.text

        async with bot.session_factory() as session:
            sent = list(
                await session.scalars(select(AuditEntry).where(AuditEntry.action == "notice_sent"))
            )
    finally:
        await bot.stop()
    # Only the notice that showed personal data is in the audit log as one.
    assert [(e.actor_id, e.details["fields"]) for e in sent] == [
        (veteran_id, ["address", "client"])
    ]
