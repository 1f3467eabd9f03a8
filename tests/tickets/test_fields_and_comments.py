"""Field set file round trip (errors located, preview, apply), search, comments notifying."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from db.models import FieldSetVersion, Role, TicketEvent
from services.tickets.fieldsets import current_fields
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket


def _edited(content: bytes, cell: str, value: str) -> bytes:
    book = load_workbook(BytesIO(content))
    book.worksheets[0][cell] = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


async def _versions(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(FieldSetVersion)) or 0)


async def test_field_set_file_round_trip(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    old_ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    await boss.expect("Поля заявки")
    await boss.press("📥 Скачать .xlsx")
    await fake_api.wait_for(lambda: any(m.document for m in boss.messages))
    original = next(m.document for m in boss.messages if m.document).content
    assert await _versions(bot) == 1

    await boss.upload("fields.xlsx", _edited(original, "C3", "bogus"))
    errors = await boss.expect("В файле ошибки")
    assert "Строка 3, столбец C" in errors.text
    assert "Неизвестный тип" in errors.text
    assert await _versions(bot) == 1  # nothing applied
    # A photo instead of the file: told what is expected, not the last file's errors again.
    sent = fake_api.new_file("shot.jpg", b"\xff\xd8jpeg")
    photo = [{"file_id": sent.file_id, "file_unique_id": sent.file_id, "width": 9, "height": 9}]
    await fake_api.push_update({"message": boss._message(photo=photo)})
    told = await boss.expect("Пришлите файл .xlsx с набором полей")
    assert "Строка 3, столбец C" not in told.text

    await boss.upload("fields.xlsx", _edited(original, "B5", "Заказчик"))
    preview = await boss.expect("Изменения из файла")
    assert "«ФИО заявителя» → «Заказчик»" in preview.text
    await boss.press("✅ Применить")
    await boss.expect("Набор полей применён")
    assert await _versions(bot) == 2
    async with bot.session_factory() as session:
        _row, fields = await current_fields(session)
    assert fields["client"].label == "Заказчик"

    # The old ticket keeps the labels of its own version.
    await boss.send("/cancel")
    await boss.expect("Действие отменено")
    await boss.send(f"/t {old_ticket.number}")
    card = await boss.expect(f"Заявка № {old_ticket.number}")
    assert "<b>ФИО заявителя</b>: ООО Ромашка" in card.text


async def test_search_and_comments_notify_the_other_side(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    await add_person(bot, 811, Role.MANAGER)
    boss = FakeUser(fake_api, 811, "Босс")
    op = FakeUser(fake_api, 800, "Семён")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("🔎 Найти заявку")
    await boss.expect("Поиск заявки")
    await boss.send("ромашка")
    found = await boss.expect("Найдено по запросу")
    label = f"№ {ticket.number} · Не печатает принтер · Новая · Обычная"
    assert label in found.buttons
    await boss.press(label)
    await boss.expect("Заявка № 1")
    await boss.send("/cancel")
    await boss.expect("Действие отменено")

    await boss.press("💬 Комментарий")
    await boss.expect("Напишите комментарий")
    await boss.send("Проверьте <i>кабель</i>")
    await boss.expect("Комментарий добавлен")
    note = await op.expect("Комментарий к заявке № 1")
    assert "Проверьте &lt;i&gt;кабель&lt;/i&gt;" in note.text
    assert "📄 Открыть № 1" in note.buttons

    await op.press("📄 Открыть № 1")
    await op.expect("Заявка № 1")
    await op.press("💬 Комментарий")
    await op.expect("Напишите комментарий")
    await op.upload("photo.pdf", b"%PDF")
    await op.expect("Файл добавлен")
    async with bot.session_factory() as session:
        kinds = list(await session.scalars(select(TicketEvent.kind).order_by(TicketEvent.id)))
    assert kinds == ["created", "comment", "attachment"]
    # The author commented on an unassigned ticket: nobody else to tell, the manager hears nothing.
    await op.send("№1")
    await op.expect("Заявка № 1")
    await op.press("📜 История")
    history = await op.expect("История заявки № 1")
    assert "кабель" in history.text
