"""The "⚙️ Поля заявки" buttons: rename, reorder, required/optional, choices, retire (restore
offered) and add; each change is a new field-set version and new drafts use it."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db.models import FieldSetVersion, Role
from services.fields import FieldSet, FieldType
from services.tickets.fieldsets import current_fields
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person

SAVED = "Сохранено"


async def _fields(bot: BotHarness) -> FieldSet:
    async with bot.session_factory() as session:
        _row, field_set = await current_fields(session)
    return field_set


async def _versions(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(FieldSetVersion)) or 0)


def _keys(field_set: FieldSet) -> list[str]:
    return [field.key for field in field_set.fields]


async def _published(bot: BotHarness, count: int) -> None:
    """Wait until ``count`` versions are committed (the answer is sent before the commit)."""
    for _ in range(200):
        if await _versions(bot) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} field-set versions, have {await _versions(bot)}")


async def _change(bot: BotHarness, boss: FakeUser, label: str) -> None:
    """Press a button that publishes a version (the text may stay the same: wait for the row)."""
    before = await _versions(bot)
    await boss.press(label)
    await _published(bot, before + 1)


async def test_field_settings_buttons(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 810, Role.MANAGER)
    await add_person(bot, 800, Role.OPERATOR)
    boss = FakeUser(fake_api, 810, "Босс")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    await boss.expect("Поля заявки")
    assert await _versions(bot) == 1
    before = _keys(await _fields(bot))

    # Rename "Что случилось", move it up, make it optional.
    await boss.press("Что случилось")
    details = await boss.expect("<b>Что случилось</b>")
    assert "обязательное" in details.text
    await boss.press("✏️ Переименовать")
    await boss.expect("Введите новое название поля")
    await boss.send("Суть обращения")
    await boss.expect(SAVED)
    await _published(bot, 2)
    await _change(bot, boss, "⬆️ Выше")
    await _change(bot, boss, "Сделать необязательным")
    assert "Сделать обязательным" in boss.last.buttons
    fields = await _fields(bot)
    described = fields["description"]
    assert (described.label, described.required) == ("Суть обращения", False)
    expected = list(before)
    index = expected.index("description")
    expected.insert(index - 1, expected.pop(index))
    assert _keys(fields) == expected
    assert await _versions(bot) == 4  # every change is a version of its own

    # New choices for "Приоритет"; then "Категория" is retired.
    await boss.press("◀️ Назад")
    await boss.press("Приоритет")
    await boss.expect("<b>Приоритет</b>")
    await boss.press("📝 Варианты")
    await boss.expect("Введите варианты")
    await boss.send("Плановый; Срочный")  # «Вид аварии» is shown for «Аварийная»: kept
    refused = await boss.expect("Изменение не применено")
    assert "Допустимы: Плановый; Срочный" in refused.text
    assert "Введите варианты" in refused.text  # still asked: the fix is typed at once
    await boss.send("Плановая; Аварийная")
    await boss.expect(SAVED)
    await _published(bot, 5)
    assert list((await _fields(bot))["priority"].choices) == ["Плановая", "Аварийная"]
    await boss.press("◀️ Назад")
    await boss.press("Категория")
    await boss.expect("<b>Категория</b>")
    await _change(bot, boss, "🗄 Вывести из использования")
    assert not (await _fields(bot))["category"].active
    assert "♻️ Вернуть в работу" in boss.last.buttons
    await boss.press("◀️ Назад")
    listing = await boss.expect("выведено из использования")
    assert "🚫 Категория" in listing.buttons

    # A bad change is refused with the reason and changes nothing.
    await boss.press("ФИО заявителя")
    await boss.press("✏️ Переименовать")
    await boss.send("   ")
    refused = await boss.expect("Изменение не применено")
    assert "ФИО заявителя" in refused.text
    assert (await _fields(bot))["client"].label == "ФИО заявителя"
    await boss.press("◀️ Назад")  # from the prompt, kept after the refusal, to the field
    await boss.expect("<b>ФИО заявителя</b>")
    await boss.press("◀️ Назад")

    # Add a number field and a choice field.
    await boss.press("➕ Добавить поле")
    await boss.expect("Введите название нового поля")
    await boss.send("Этаж")
    await boss.expect("Выберите тип нового поля")
    await boss.press("Число")
    await boss.expect(SAVED)
    await boss.press("➕ Добавить поле")
    await boss.send("Корпус")
    await boss.expect("Выберите тип нового поля")
    await boss.press("Один вариант")
    await boss.expect("Введите варианты")
    await boss.send("А; Б")
    await boss.expect(SAVED)
    await _published(bot, 8)
    fields = await _fields(bot)
    floor = next(f for f in fields.fields if f.label == "Этаж")
    block = next(f for f in fields.fields if f.label == "Корпус")
    assert (floor.type, floor.required, floor.active) == (FieldType.NUMBER, False, True)
    assert (block.type, list(block.choices)) == (FieldType.CHOICE, ["А", "Б"])
    assert _keys(fields)[-2:] == [floor.key, block.key]
    versions = await _versions(bot)

    # An operator's new draft uses the new set: the category question is gone.
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    first = await op.expect("Шаг 1 из")
    assert "<b>Адрес</b>" in first.text
    await boss.press("✖️ Закрыть")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    assert await _versions(bot) == versions  # closing and leaving change nothing


async def test_a_refused_rename_keeps_the_prompt_and_says_the_limit(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    await boss.expect("Поля заявки")
    await boss.press("Что случилось")
    await boss.press("✏️ Переименовать")
    await boss.expect("Введите новое название поля")
    await boss.send("Очень длинное название " * 20)
    refused = await boss.expect("Слишком длинное значение: не больше")
    assert "Введите новое название поля" in refused.text  # still asked
    assert await _versions(bot) == 1
    await boss.send("Суть обращения")
    await boss.expect(SAVED)
    await _published(bot, 2)
    assert (await _fields(bot))["description"].label == "Суть обращения"
