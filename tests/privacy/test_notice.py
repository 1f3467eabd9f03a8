"""The privacy notice: shown on the first /start and whenever its version changes; staff use
nothing but /start, /help and «✅ Принимаю» until they accept; the acceptance is stored with
the version and audited. Strangers see the notice on their start screen."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import PrivacyAcceptance, Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.privacy.helpers import audit_entries, details, eventually
from tests.tickets.conftest import add_person

NOTICE = "Уведомление об обработке персональных данных"
ACCEPT = "✅ Принимаю"


def _settings(fake_api: FakeBotAPI, sqlite_url: str, version: str) -> Settings:
    return make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        privacy={"require_acceptance": True, "notice_version": version},
    )


@pytest.fixture
async def bot(fake_api: FakeBotAPI, sqlite_url: str) -> AsyncIterator[BotHarness]:
    harness = BotHarness(_settings(fake_api, sqlite_url, "2026-1"))
    await harness.start()
    yield harness
    await harness.stop()


async def _acceptances(bot: BotHarness) -> list[tuple[int, str]]:
    async with bot.session_factory() as session:
        rows = await session.execute(
            select(PrivacyAcceptance.person_id, PrivacyAcceptance.version).order_by(
                PrivacyAcceptance.id
            )
        )
        return [(person_id, version) for person_id, version in rows]


async def test_staff_accept_the_notice_before_anything_else(
    fake_api: FakeBotAPI, sqlite_url: str, bot: BotHarness
) -> None:
    operator_id = await add_person(bot, 830, Role.OPERATOR)
    operator = FakeUser(fake_api, 830, "Ольга")
    await operator.send("/start")
    notice = await operator.expect(NOTICE)
    assert "ООО УК «ИНФОТЕЛЛ»" in notice.text  # the operator of the data, from [company]
    assert "трансграничная передача" in notice.text
    assert "(редакция 2026-1)" in notice.text
    assert notice.buttons == [ACCEPT]
    assert "Ваши роли" not in notice.text
    first_accept = notice.button_data(ACCEPT)
    assert first_accept is not None

    # Nothing works until accepted: a command, /help aside, gets the notice again.
    operator.skip_seen()
    await operator.send("/new")
    again = await operator.expect(NOTICE)
    assert again.buttons == [ACCEPT]
    assert all("Шаг 1" not in text for text in operator.texts())
    await operator.send("/help")
    await operator.expect("Ваши команды")
    assert await _acceptances(bot) == []

    await operator.press(ACCEPT, notice)
    menu = await operator.expect("Ваши роли: Оператор")
    assert menu.buttons  # the main menu
    assert await eventually(lambda: _acceptances(bot), bool) == [(operator_id, "2026-1")]
    audited = await audit_entries(bot, "notice_accepted")
    assert details(audited) == [{"version": "2026-1"}]
    assert (audited[0].actor_id, audited[0].subject_person_id) == (operator_id, operator_id)

    # Accepted: the bot works, and /start shows the menu, not the notice.
    await operator.send("/new")
    await operator.expect("Шаг 1 из 10")
    operator.skip_seen()
    await operator.send("/start")
    await operator.expect("Ваши роли")
    assert all(NOTICE not in text for text in operator.texts()[-2:])

    # A new version of the notice: shown again, and accepted again.
    await bot.stop()
    bot.settings = _settings(fake_api, sqlite_url, "2026-2")
    await bot.start()
    operator.skip_seen()
    await operator.send("/new")
    changed = await operator.expect("(редакция 2026-2)")
    assert changed.buttons == [ACCEPT]
    # The button of the old notice does not accept the new one.
    await operator.press_data(first_accept, notice)
    await operator.expect("(редакция 2026-2)")
    assert len(await _acceptances(bot)) == 1
    await operator.press(ACCEPT, changed)
    await operator.expect("Ваши роли")
    assert await eventually(lambda: _acceptances(bot), lambda rows: len(rows) == 2) == [
        (operator_id, "2026-1"),
        (operator_id, "2026-2"),
    ]


async def test_a_button_press_before_accepting_is_refused_with_the_notice(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 831, Role.MANAGER)
    manager = FakeUser(fake_api, 831, "Марк")
    await manager.send("/start")
    notice = await manager.expect(NOTICE)
    # A forged or old menu button: answered with an alert and the notice, not handled.
    manager.skip_seen()
    answer = await manager.press_data("menu:ticket_fields", notice)
    assert "Сначала ознакомьтесь" in str(answer)
    await manager.expect(NOTICE)
    assert all("Поля заявки" not in text for text in manager.texts())


async def test_strangers_see_the_notice_with_the_access_request(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    stranger = FakeUser(fake_api, 5550002, "Пётр")
    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")
    assert NOTICE in greeting.text
    assert "ООО УК «ИНФОТЕЛЛ»" in greeting.text
    assert greeting.buttons == ["🔑 Запросить доступ"]
