"""Creating a ticket with every field type, invalid input for each, files, long and HTML text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import Role, TicketAttachment
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import (
    add_person,
    send_big_document,
    send_photo,
    send_voice,
    tickets,
)

FIELDS = [
    {"key": "name", "label": "Имя", "type": "text", "required": True},
    {"key": "story", "label": "История", "type": "long_text", "required": True},
    {"key": "count", "label": "Число", "type": "number", "min": 1, "max": 10},
    {"key": "phone", "label": "Телефон", "type": "phone"},
    {"key": "day", "label": "День", "type": "date"},
    {"key": "at", "label": "Когда", "type": "datetime"},
    {"key": "kind", "label": "Вид", "type": "choice", "choices": ["Выезд", "Удалённо"]},
    {"key": "tags", "label": "Метки", "type": "multi_choice", "choices": ["A", "B", "C"]},
    {"key": "urgent", "label": "Срочно", "type": "yes_no"},
    {
        "key": "why",
        "label": "Почему срочно",
        "type": "text",
        "show_if": {"field": "urgent", "equals": True},
    },
    {"key": "files", "label": "Файлы", "type": "attachments"},
]


@pytest.fixture
def settings(fake_api: FakeBotAPI, sqlite_url: str) -> Settings:
    return make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        tickets={"fields": FIELDS},
    )


async def test_every_field_type_with_invalid_values(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    first = await op.expect("Шаг 1 из 10")
    assert "⏭ Пропустить" not in first.buttons  # required
    assert "◀️ Назад" in first.buttons
    await op.send_sticker()
    await op.expect("Здесь нужен текст")
    await op.send("<b>Иван</b> & Co")
    await op.expect("Шаг 2 из 10")
    story = "Очень длинная история. " * 250  # > 4096 characters
    await op.send(story)
    await op.expect("Шаг 3 из 10")
    for bad, expected in (("abc", "Нужно число"), ("50", "не больше 10")):
        await op.send(bad)
        again = await op.expect(expected)
        assert "Шаг 3 из 10" in again.text  # the same field is asked again
    await op.send("5")
    await op.send("123")
    await op.expect("Не похоже на номер телефона")
    await op.send("8 921 555 01 01")
    day = await op.expect("Шаг 5 из 10")
    month = datetime.now(ZoneInfo("Europe/Moscow")).month
    names = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август"]
    names += ["Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]
    assert f"🗓 {names[month - 1]}" in day.buttons[0]
    assert day.buttons[1:8] == ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    await op.send("31.02.2026")
    await op.expect("Такой даты нет: 31.02.2026. Проверьте число и месяц")
    today = datetime.now(ZoneInfo("Europe/Moscow")).day
    pick = "15" if today != 15 else "16"
    await op.press(pick)
    await op.expect("Шаг 6 из 10")
    await op.send("завтра")
    await op.expect("Добавьте время")
    await op.send("01.12.2030 10:30")
    kind = await op.expect("Шаг 7 из 10")
    assert {"Выезд", "Удалённо"} <= set(kind.buttons)
    await op.send("Третий")
    await op.expect("⚠️ Выберите вариант кнопкой")
    await op.press("Выезд")
    await op.expect("Шаг 8 из 10")
    await op.press("⬜ A")
    await fake_api.wait_for(lambda: "✅ A" in op.last.buttons)
    await op.press("⬜ C")
    await fake_api.wait_for(lambda: {"✅ A", "⬜ B", "✅ C"} <= set(op.last.buttons))
    await op.press("✅ Готово")
    await op.expect("Шаг 9 из 10")
    await op.send("может быть")
    await op.expect("⚠️ Ответьте «да» или «нет»")
    await op.press("Да")
    await op.expect("Почему срочно")  # the conditional field appears: 11 steps now
    await op.press("⏭ Пропустить")
    await op.expect("Шаг 11 из 11")
    await send_voice(op)
    await op.expect("Здесь ждём файлы")
    await send_big_document(op, 25 * 1024 * 1024)
    await op.expect("Файл больше 20 МБ")
    await send_photo(op)
    await op.expect("Получено файлов: 1")
    await op.upload("act.pdf", b"%PDF-1.4 act")
    await op.expect("Получено файлов: 2")
    await op.press("✅ Готово")
    summary = await op.expect("Проверьте заявку")
    assert "&lt;b&gt;Иван&lt;/b&gt; &amp; Co" in summary.text
    assert "01.12.2030 10:30" in summary.text
    assert "A, C" in summary.text

    # Изменить… → a field → back to the summary with the new value.
    await op.press("✏️ Изменить…")
    await op.expect("Какое поле изменить")
    await op.press("Число")
    await op.expect("Сейчас: 5")
    await op.send("7")
    summary = await op.expect("Проверьте заявку")
    assert "<b>Число</b>: 7" in summary.text

    await op.press("✅ Создать")
    await op.expect("создана")
    await fake_api.wait_for(lambda: any("📎 Вложения (2)" in m.buttons for m in op.messages))
    start = next(i for i, m in enumerate(op.messages) if "создана" in m.text)
    card = op.messages[start:]
    assert len(card) >= 2, card[0].text
    assert "Заявка № 1" in card[0].text
    # The long story is split over several messages, nothing lost.
    shown = " ".join(" ".join(m.text.split()) for m in card)
    assert shown.count("Очень длинная история.") == 250
    assert all(len(m.text) <= 4096 for m in op.messages)
    assert any("📎 Вложения (2)" in m.buttons for m in card)

    [ticket] = await tickets(bot)
    assert ticket.values["name"] == "<b>Иван</b> & Co"
    assert ticket.values["story"] == story.strip()
    assert ticket.values["count"] == 7
    assert ticket.values["phone"] == "+7 921 555-01-01"
    assert ticket.values["at"].startswith("2030-12-01T10:30:00+03:00")
    assert ticket.values["tags"] == ["A", "C"]
    assert ticket.values["urgent"] is True
    assert "why" not in ticket.values
    assert len(ticket.values["files"]) == 2
    async with bot.session_factory() as session:
        rows = list(await session.scalars(select(TicketAttachment)))
    assert sorted(r.kind for r in rows) == ["document", "photo"]

    await op.press("📎 Вложения (2)")
    await fake_api.wait_for(lambda: len(fake_api.calls_of("sendDocument")) >= 1)
    assert len(fake_api.calls_of("sendPhoto")) == 1
