"""The whole way of a ticket through the fake Bot API: assigned by a manager, accepted,
finished with a report and a photo, confirmed by its author; the return path; history."""

from __future__ import annotations

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, events, send_photo, ticket_row, visits


async def _people(bot: BotHarness) -> tuple[int, int, int]:
    manager = await add_person(bot, 201, "Руководов", [Role.MANAGER])
    executor = await add_person(bot, 301, "Электриков", [Role.EXECUTOR], position="Электрик")
    author = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
    return manager, executor, author


async def _assign_and_accept(api: FakeBotAPI, bot: BotHarness) -> tuple[FakeUser, FakeUser, int]:
    _, _, author_id = await _people(bot)
    manager, executor = FakeUser(api, 201, "Иван"), FakeUser(api, 301, "Иван")
    ticket_id = await create_ticket(bot, author_id)
    offer = await manager.expect("ждёт назначения исполнителя")
    assert "Нет света в кабинете 5" in offer.text
    await manager.press("👤 Назначить", offer)
    picker = await manager.expect("Кого назначить")
    assert picker.buttons == ["Электриков Иван · Электрик · На смене · 0"]
    await manager.press(picker.buttons[0], picker)
    await manager.expect("назначена: Электриков Иван")
    card = await executor.expect("Вам назначена заявка № 1")
    assert {"✅ Принять", "🙅 Не возьму — вернуть диспетчеру"} <= set(card.buttons)
    await executor.press("✅ Принять", card)
    accepted = await executor.expect("Этап: <b>В работе</b>")
    assert "✅ Завершить" in accepted.buttons
    assert "❓ Запросить информацию" in accepted.buttons
    return executor, FakeUser(api, 401, "Ольга"), ticket_id


async def _finish(api: FakeBotAPI, executor: FakeUser, text: str) -> None:
    await executor.press("✅ Завершить")
    await executor.expect("Отчёт по заявке № 1")
    await executor.send(text)
    await executor.expect("Добавлено в отчёт (файлов: 0)")
    await send_photo(api, executor)
    await executor.expect("Добавлено в отчёт (файлов: 1)")
    await executor.press("✅ Готово")
    await executor.expect("Отчёт отправлен автору")


async def test_full_lifecycle(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    executor, author, ticket_id = await _assign_and_accept(fake_api, bot)
    await author.expect("👷 Заявку № 1 взял(а) в работу: Электриков И.")
    await _finish(fake_api, executor, "Заменил автомат")

    report = await author.expect("Отчёт исполнителя")
    assert "Заменил автомат" in report.text
    assert {"👍 Подтвердить", "↩️ Вернуть в работу"} <= set(report.buttons)
    photos = [m for m in author.messages if m.photo is not None]
    assert len(photos) == 1
    stale_confirm = report.button_data("👍 Подтвердить")
    assert stale_confirm is not None
    await author.press("👍 Подтвердить", report)
    await executor.expect("Автор подтвердил выполнение заявки № 1")

    ticket = await ticket_row(bot, ticket_id)
    assert (ticket.stage_key, ticket.outcome) == ("closed", "done")
    assert await visits(bot, ticket_id) == ["new", "in_progress", "awaiting_confirmation", "closed"]
    kinds = [e.kind for e in await events(bot, ticket_id)]
    assert kinds == ["created", "assigned", "stage_changed", "stage_changed", "report", "confirmed"]

    await author.press("📜 История")
    history = await author.expect("История заявки № 1")
    assert "назначен исполнитель Электриков Иван" in history.text
    assert "отчёт: Заменил автомат" in history.text
    # Confirming again from the same (now stale) message changes nothing.
    answer = await author.press_data(stale_confirm, report)
    assert "Обновите карточку" in answer["text"]
    assert len(await events(bot, ticket_id)) == len(kinds)


async def test_return_path_with_reason(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    executor, author, ticket_id = await _assign_and_accept(fake_api, bot)
    await _finish(fake_api, executor, "Сделал")
    report = await author.expect("Отчёт исполнителя")
    await author.press("↩️ Вернуть в работу", report)
    await author.expect("Напишите причину")
    await author.send("Свет всё ещё мигает")
    await author.expect("возвращена в работу, исполнитель получил причину")
    back = await executor.expect("возвращена в работу. Причина: Свет всё ещё мигает")
    assert back.buttons == ["📄 Открыть"]  # one line; the card comes on «Открыть»
    ticket = await ticket_row(bot, ticket_id)
    assert ticket.stage_key == "in_progress"
    returned = [e for e in await events(bot, ticket_id) if e.kind == "returned"]
    assert [(e.text, e.from_stage, e.to_stage) for e in returned] == [
        ("Свет всё ещё мигает", "awaiting_confirmation", "in_progress")
    ]
