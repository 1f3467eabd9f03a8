"""A field that already has a value offers «Оставить как есть», not «Пропустить»."""

from __future__ import annotations

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person

KEEP = "✔️ Оставить как есть"


async def test_an_answered_field_offers_to_keep_its_value(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    first = await op.expect("Шаг 1 из")
    assert KEEP not in first.buttons  # nothing to keep yet
    await op.send("ул. Ленина, 5")
    await op.expect("Шаг 2 из")
    await op.press("◀️ Назад")
    again = await op.expect("Сейчас: ул. Ленина, 5")
    assert "Шаг 1 из" in again.text
    assert KEEP in again.buttons
    assert "⏭ Пропустить" not in again.buttons
    await op.press(KEEP, again)
    await op.expect("Шаг 2 из")
    await op.press("◀️ Назад")
    kept = await op.expect("Шаг 1 из")
    assert "Сейчас: ул. Ленина, 5" in kept.text  # the answer survived «Оставить как есть»
