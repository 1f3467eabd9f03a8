"""Back, skip, cancel, a restart mid-dialogue, a field retired under an open draft, two
operators at once, and people without the operator role."""

from __future__ import annotations

import asyncio

from db.models import Role
from services.tickets.field_editing import set_active
from services.tickets.fieldsets import current_fields, publish_update
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket, tickets


async def _to_phone(op: FakeUser, address: str) -> None:
    """Address, no flat, no entrance, a name: the phone is asked next (step 5 of 10)."""
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send(address)
    await op.expect("Шаг 2 из 10")
    await op.press("⏭ Пропустить")
    await op.expect("Подъезд")
    await op.press("⏭ Пропустить")
    await op.expect("ФИО заявителя")
    await op.send("Иванова Мария")
    await op.expect("Шаг 5 из 10")


async def test_back_skip_cancel_and_restart(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send("ул. Ленина, 5")
    await op.expect("Шаг 2 из 10")
    await op.press("◀️ Назад")
    back = await op.expect("Шаг 1 из 10")
    assert "Сейчас: ул. Ленина, 5" in back.text
    answer = await op.press("◀️ Назад")
    assert "первый шаг" in answer["text"]
    await op.send("ул. Ленина, 7")
    await op.expect("Шаг 2 из 10")

    await bot.restart()  # the draft lives in the database
    await op.press("⏭ Пропустить")
    await op.expect("Шаг 3 из 10")
    await op.press("⏭ Пропустить")
    await op.send("Иванова Мария")
    await op.expect("Телефон заявителя")
    await op.send("89215550101")
    await op.expect("Категория")
    await op.press("Сантехника")
    await op.expect("Приоритет")
    await op.press("Обычная")
    asked = await op.expect("Что случилось")  # «Вид аварии» is only asked for «Аварийная»
    assert "Шаг 8 из 10" in asked.text
    await op.send("/cancel")
    await op.expect("Заявка не создана, введённые данные удалены")
    assert await tickets(bot) == []
    await op.send("89215550101")
    await op.expect("Ничего не найдено по запросу «89215550101»")  # the draft is gone: a search


async def test_retiring_a_field_while_a_draft_is_open(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await _to_phone(op, "№ 7")  # looks like a ticket number: still the dialogue's answer
    async with bot.session_factory() as session, session.begin():
        _row, old = await current_fields(session)
        await publish_update(session, old, set_active(old, "phone", False), None)
    await op.send("89215550101")  # phone is no longer asked: the draft moves on
    moved = await op.expect("Набор полей изменился")
    assert "Шаг 5 из 9" in moved.text
    assert "Категория" in moved.text
    await op.press("Сантехника")
    await op.press("Обычная")
    await op.expect("Что случилось")
    await op.send("Течёт кран")
    await op.expect("Фото")
    await op.press("⏭ Пропустить")
    await op.expect("Желаемое время")
    await op.press("⏭ Пропустить")
    summary = await op.expect("Проверьте заявку")
    assert "Телефон заявителя" not in summary.text
    await op.press("✅ Создать")
    await op.expect("создана")
    [ticket] = await tickets(bot)
    assert "phone" not in ticket.values
    assert ticket.values["address"] == "№ 7"


async def test_two_operators_at_once(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 801, Role.OPERATOR)
    await add_person(bot, 802, Role.OPERATOR, last_name="Петров")
    ops = [FakeUser(fake_api, 801, "А"), FakeUser(fake_api, 802, "Б")]

    async def run(op: FakeUser, client: str) -> None:
        await _to_phone(op, f"ул. Ленина, {client}")
        await op.send("89215550101")
        await op.expect("Категория")
        for label in ("Сантехника", "Обычная"):
            await op.press(label)
            await asyncio.sleep(0.05)
        await op.expect("Что случилось")
        await op.send(f"Течёт кран {client}")
        await op.expect("Фото")
        await op.press("⏭ Пропустить")
        await op.expect("Желаемое время")
        await op.press("⏭ Пропустить")
        await op.expect("Проверьте заявку")
        await op.press("✅ Создать")
        await op.expect("создана")

    await asyncio.gather(run(ops[0], "1"), run(ops[1], "2"))
    created = await tickets(bot)
    assert sorted(t.number for t in created) == [1, 2]
    by_address = {t.values["address"]: t for t in created}
    first, second = by_address["ул. Ленина, 1"], by_address["ул. Ленина, 2"]
    assert first.subject == "Течёт кран 1"  # the title is the description's opening
    assert second.subject == "Течёт кран 2"
    assert first.author_id != second.author_id


async def test_without_operator_role(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    await add_person(bot, 803, Role.EXECUTOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    executor = FakeUser(fake_api, 803, "Ева")
    await executor.send("/new")
    await executor.expect("Создавать заявки могут только операторы")
    for text in (f"№{ticket.number}", f"#{ticket.number}", f"/t {ticket.number}"):
        await executor.send(text)
        refusal = await executor.expect("не найдена или у вас нет к ней доступа")
        assert "Ромашка" not in refusal.text
    assert len(await tickets(bot)) == 1

    op = FakeUser(fake_api, 800, "Семён")
    await op.send(f"№ {ticket.number}")
    card = await op.expect(f"Заявка № {ticket.number}")
    assert "ООО Ромашка" in card.text
