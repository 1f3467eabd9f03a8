"""The creation dialogue end to end on SQLite and on PostgreSQL: conditional field, a photo,
an edit from the summary, two operators at once (numbers), the card, a comment and the rows."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import Role, TicketAttachment, TicketEvent
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import add_person, send_photo, tickets


@pytest.fixture
def settings(fake_api: FakeBotAPI, database_url: str) -> Settings:
    return make_settings(api_base=fake_api.base_url, database_url=database_url, admins=[ADMIN_ID])


async def _create(op: FakeUser, client: str, *, on_site: bool) -> None:
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send("Невский пр., 1" if on_site else "ул. Садовая, д. 10")
    await op.expect("Квартира / помещение")
    if on_site:
        await op.send("12")
    else:
        await op.press("⏭ Пропустить")
    await op.expect("Подъезд")
    await op.press("⏭ Пропустить")
    await op.expect("ФИО заявителя")
    await op.send(client)
    await op.expect("Телефон заявителя")
    await op.send("89215550101")
    await op.expect("Категория")
    await op.press("Электрика" if on_site else "Прочее")
    await op.expect("Приоритет")
    await op.press("Обычная")
    await op.expect("Что случилось")
    await op.send(f"Не работает <розетка> у {client}")
    await op.expect("Фото")
    if on_site:
        await send_photo(op)
        await op.expect("Получено файлов: 1")
        await op.press("✅ Готово")
    else:
        await op.press("⏭ Пропустить")
    await op.expect("Желаемое время")
    await op.press("⏭ Пропустить")
    await op.expect("Проверьте заявку")


async def _rows(
    bot: BotHarness, ticket_id: int
) -> tuple[list[TicketEvent], list[TicketAttachment]]:
    async with bot.session_factory() as session:
        events = await session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        )
        files = await session.scalars(
            select(TicketAttachment).where(TicketAttachment.ticket_id == ticket_id)
        )
        return list(events), list(files)


async def test_create_on_both_databases(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 801, Role.OPERATOR)
    await add_person(bot, 802, Role.OPERATOR, last_name="Петров")
    first, second = FakeUser(fake_api, 801, "А"), FakeUser(fake_api, 802, "Б")
    await asyncio.gather(
        _create(first, "ООО Ромашка", on_site=True), _create(second, "ИП Лютик", on_site=False)
    )
    summary = first.last
    assert "<b>Адрес</b>: Невский пр., 1" in summary.text
    assert "Не работает &lt;розетка&gt;" in summary.text
    assert "<b>Квартира / помещение</b>: 12" in summary.text
    await first.press("✏️ Изменить…")
    await first.expect("Какое поле изменить")
    await first.press("Приоритет")
    await first.press("Срочная")
    summary = await first.expect("Проверьте заявку")
    assert "<b>Приоритет</b>: Срочная" in summary.text

    await asyncio.gather(first.press("✅ Создать"), second.press("✅ Создать"))
    card = await first.expect("создана")
    await second.expect("создана")
    await fake_api.wait_for(lambda: any("📎 Вложения (1)" in m.buttons for m in first.messages))
    assert "ООО Ромашка" in card.text
    assert "Срочная" in card.text

    created = await tickets(bot)
    for _ in range(100):  # the answers go out just before the commits
        if len(created) == 2:
            break
        await asyncio.sleep(0.05)
        created = await tickets(bot)
    assert sorted(t.number for t in created) == [1, 2]
    by_client = {t.values["client"]: t for t in created}
    ours, theirs = by_client["ООО Ромашка"], by_client["ИП Лютик"]
    assert ours.values["address"] == "Невский пр., 1"
    assert ours.values["priority"] == "Срочная"
    assert ours.values["phone"] == "+7 921 555-01-01"
    assert ours.values["flat"] == "12"
    assert "flat" not in theirs.values
    assert "attachments" not in theirs.values
    assert ours.subject.startswith("Не работает <розетка> у ООО Ромашка")
    assert ours.closed_at is None
    assert ours.author_id != theirs.author_id

    # The author finds it again by number and comments; the history holds both events.
    await first.send(f"№{ours.number}")
    await first.expect(f"Заявка № {ours.number}")
    await first.press("💬 Комментарий")
    await first.expect("Напишите комментарий")
    await first.send("Ключ у охраны")
    await first.expect("Комментарий добавлен")
    for _ in range(100):  # the answer goes out just before the commit
        events, files = await _rows(bot, ours.id)
        if events[-1].kind == "comment":
            break
        await asyncio.sleep(0.05)
    assert next(e.kind for e in events) == "created"
    assert events[-1].kind == "comment"
    assert events[-1].text == "Ключ у охраны"
    assert [f.kind for f in files] == ["photo"]
