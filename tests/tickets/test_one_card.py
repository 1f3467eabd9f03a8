"""One ticket card everywhere: "/t 1", "Мои заявки" and the workflow's notifications show the
same card (fields, stage, people) with the buttons the viewer may press now."""

from __future__ import annotations

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket


async def test_one_card_with_the_viewers_actions(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    await add_person(bot, 810, Role.MANAGER)
    await add_person(bot, 820, Role.EXECUTOR, last_name="Электриков")
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    boss, executor = FakeUser(fake_api, 810, "Босс"), FakeUser(fake_api, 820, "Эл")
    op = FakeUser(fake_api, 800, "Семён")

    await boss.send(f"/t {ticket.number}")
    card = await boss.expect(f"Заявка № {ticket.number}")
    assert "Этап: <b>Новая</b>" in card.text
    assert "<b>ФИО заявителя</b>: ООО Ромашка" in card.text
    assert "👤 Назначить" in card.buttons
    assert card.buttons.count("📜 История") == 1
    assert card.buttons.count("💬 Комментарий") == 1
    await boss.press("👤 Назначить", card)
    picker = await boss.expect("Кого назначить")
    await boss.press(next(b for b in picker.buttons if "Электриков" in b), picker)

    # The executor's notification is the same card, with the executor's own buttons.
    note = await executor.expect(f"Вам назначена заявка № {ticket.number}")
    assert "<b>ФИО заявителя</b>: ООО Ромашка" in note.text
    assert "Этап: <b>Новая</b>" in note.text
    assert {
        "✅ Принять",
        "🙅 Не возьму — вернуть диспетчеру",
        "💬 Комментарий",
        "📜 История",
    } <= set(note.buttons)
    assert "👤 Назначить" not in note.buttons
    assert note.buttons.count("📜 История") == 1
    await executor.press("✅ Принять", note)
    accepted = await executor.expect("Этап: <b>В работе</b>")
    assert "✅ Завершить" in accepted.buttons
    assert "<b>Что случилось</b>:\nНе печатает принтер" in accepted.text

    # The author's "Мои заявки" opens the same card: no executor's moves, one history.
    await op.send("/my")
    listing = await op.expect("Мои открытые заявки")
    await op.press(f"№ {ticket.number} · Не печатает принтер", listing)
    # (the author may also get the stage-change notice first; wait for the card itself)
    mine = await op.expect("Исполнитель: Электриков")
    assert f"Заявка № {ticket.number}" in mine.text
    assert "Этап: <b>В работе</b>" in mine.text
    assert "Исполнитель: Электриков" in mine.text
    assert "✅ Завершить" not in mine.buttons
    assert "✅ Принять" not in mine.buttons
    await op.press("📜 История", mine)
    history = await op.expect("История заявки")
    assert "назначен исполнитель Электриков" in history.text
    assert "«Новая» → «В работе»" in history.text
