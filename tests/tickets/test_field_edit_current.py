"""Editing a ticket field shows what it is now: the name before a rename, the choices (as a
line to copy) before new choices are typed."""

from __future__ import annotations

from db.models import Role
from services.fields import FieldSet
from services.fields.definition import CHOICE_TYPES
from services.tickets.fieldsets import current_fields
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person


async def _fields(bot: BotHarness) -> FieldSet:
    async with bot.session_factory() as session:
        _row, field_set = await current_fields(session)
    return field_set


async def test_rename_and_choices_prompts_show_the_current_value(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 810, Role.MANAGER)
    field_set = await _fields(bot)
    choice = next(f for f in field_set.fields if f.type in CHOICE_TYPES and f.choices)
    boss = FakeUser(fake_api, 810, "Босс")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    await boss.expect("Поля заявки")

    await boss.press(choice.label)
    await boss.expect(f"<b>{choice.label}</b>")
    await boss.press("✏️ Переименовать")
    prompt = await boss.expect("Введите новое название поля")
    assert f"Сейчас поле называется: <b>{choice.label}</b>" in prompt.text
    await boss.press("◀️ Назад", prompt)
    await boss.expect(f"<b>{choice.label}</b>")
    await boss.press("📝 Варианты")
    prompt = await boss.expect("Введите варианты")
    assert f"Сейчас варианты: <code>{'; '.join(choice.choices)}</code>" in prompt.text
    # Only shown: nothing was changed by opening the prompts.
    assert (await _fields(bot)).get(choice.key) == choice
