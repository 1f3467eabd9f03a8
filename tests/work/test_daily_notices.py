"""The dispatcher's day: the author hears who took the ticket, the manager's notice says who
it is assigned to, events come as one line with «📄 Открыть» while older cards lose their
buttons, and the executor's report stays in view once the author confirms it."""

from __future__ import annotations

from db.models import Role
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, ticket_row

OPEN = "📄 Открыть"


async def _no_buttons(api: FakeBotAPI, message: BotMessage) -> None:
    await api.wait_for(lambda: not message.buttons)


async def _report(executor: FakeUser, text: str) -> None:
    await executor.press("✅ Завершить")
    await executor.expect("Отчёт по заявке № 1")
    await executor.send(text)
    await executor.expect("Добавлено в отчёт")
    await executor.press("✅ Готово")
    await executor.expect("Отчёт отправлен автору")


async def test_taken_assigned_brief_notices_and_report_kept(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 201, "Руководов", [Role.MANAGER])
    await add_person(bot, 301, "Электриков", [Role.EXECUTOR], position="Электрик")
    author_id = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
    manager, executor = FakeUser(fake_api, 201, "Иван"), FakeUser(fake_api, 301, "Иван")
    author = FakeUser(fake_api, 401, "Ольга")
    ticket_id = await create_ticket(bot, author_id)

    offer = await manager.expect("№ 1")
    await manager.press("👤 Назначить", offer)
    picker = await manager.expect("Кого назначить")
    await manager.press(picker.buttons[0], picker)
    # The manager's own «new ticket» notice now says who has it, not «уже взята».
    settled = await manager.expect("Назначена: Электриков И., ждём принятия")
    assert settled.message_id == offer.message_id
    assert "уже взята" not in settled.text
    assert not settled.buttons

    assigned = await executor.expect("Вам назначена заявка № 1")
    await executor.press("✅ Принять", assigned)
    await executor.expect("Этап: <b>В работе</b>")

    taken = await author.expect("👷 Заявку № 1 взял(а) в работу: Электриков И.")
    assert taken.buttons == [OPEN]
    assert "Этап:" not in taken.text  # one line, not the whole card

    await _report(executor, "Заменил автомат")
    report = await author.expect("Заменил автомат")
    await author.press("↩️ Вернуть в работу", report)
    await author.expect("Напишите причину")
    await author.send("Свет всё ещё мигает")

    back = await executor.expect("возвращена в работу. Причина: Свет всё ещё мигает")
    assert back.buttons == [OPEN]
    assert "Этап:" not in back.text
    # The card the executor got with the assignment keeps its text and loses its buttons.
    await _no_buttons(fake_api, assigned)
    assert "Этап: <b>В работе</b>" in assigned.text
    await executor.press(OPEN, back)
    fresh = await executor.expect("Заявка № 1")
    assert "✅ Завершить" in fresh.buttons

    await _report(executor, "Перетянул контакты")
    second = await author.expect("Перетянул контакты")
    await _no_buttons(fake_api, report)  # the earlier report can no longer be pressed
    await author.press("👍 Подтвердить", second)
    closed = await author.expect("Этап: <b>Закрыта</b>")
    assert closed.message_id != second.message_id  # the card comes below the report
    await _no_buttons(fake_api, second)
    assert "Перетянул контакты" in second.text  # the report stays in view
    confirmed = await executor.expect("Автор подтвердил выполнение заявки № 1")
    assert confirmed.buttons == [OPEN]
    ticket = await ticket_row(bot, ticket_id)
    assert ticket.closed_at is not None
