"""A second tap on a form step's button (before the edit reached the phone) does not answer
the next question: the buttons name the step they were shown for."""

from __future__ import annotations

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person, tickets

STALE = "Этот вопрос уже отвечен: ответьте на текущий."


async def test_second_taps_on_a_step_change_nothing(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Ольга")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send("ул. Садовая, д. 10")
    await op.expect("Квартира / помещение")
    await op.send("5")
    entrance = await op.expect("Подъезд")
    skip = entrance.button_data("⏭ Пропустить")
    assert skip is not None
    await op.press_data(skip, entrance)
    await op.expect("ФИО заявителя")
    again = await op.press_data(skip, entrance)
    assert again["text"] == STALE
    await op.send("Иванова Мария")
    await op.expect("Телефон заявителя")
    await op.send("+7 921 555-01-01")
    category = await op.expect("Категория")
    lift = category.button_data("Сантехника")
    assert lift is not None
    await op.press_data(lift, category)
    priority = await op.expect("Приоритет")
    # The same button again: «Сантехника» sits where «Срочная» is now, say.
    again = await op.press_data(lift, category)
    assert again["text"] == STALE
    assert "Приоритет" in priority.text  # still asked
    await op.press("Обычная", priority)
    await op.expect("Что случилось")
    await op.send("Течёт кран")
    photos = await op.expect("Фото")
    await op.press("⏭ Пропустить", photos)
    when = await op.expect("Желаемое время")
    await op.press("⏭ Пропустить", when)
    summary = await op.expect("Проверьте заявку")
    assert "<b>Категория</b>: Сантехника" in summary.text
    assert "<b>Приоритет</b>: Обычная" in summary.text
    await op.press("✅ Создать", summary)
    await op.expect("создана")
    (ticket,) = await tickets(bot)
    assert ticket.values["category"] == "Сантехника"
    assert ticket.values["priority"] == "Обычная"
    assert ticket.values.get("entrance") in (None, "")
