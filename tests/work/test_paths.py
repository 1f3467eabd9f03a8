"""Auto-confirmation driven with a fixed clock, transfer to another department, automatic
assignment, and forged buttons (another person's ticket) that change nothing."""

from __future__ import annotations

from datetime import timedelta

from db.base import utcnow
from db.models import Role
from scheduler.auto_confirm import auto_confirm_due
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.work.helpers import add_person, create_ticket, events, ticket_row


async def _auto_bot(fake_api: FakeBotAPI, sqlite_url: str) -> BotHarness:
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        workflow={"assignment": {"mode": "auto_round_robin"}},
    )
    harness = BotHarness(settings)
    await harness.start()
    return harness


async def test_auto_assign_finish_and_auto_confirm(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    bot = await _auto_bot(fake_api, sqlite_url)
    try:
        await add_person(bot, 301, "Первый", [Role.EXECUTOR])
        await add_person(bot, 302, "Второй", [Role.EXECUTOR])
        await add_person(bot, 303, "Ушедший", [Role.EXECUTOR], available=False)
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        first, second = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 302, "И")
        author = FakeUser(fake_api, 401, "А")
        one = await create_ticket(bot, author_id)
        two = await create_ticket(bot, author_id)
        card = await first.expect("Вам назначена заявка № 1")
        await second.expect("Вам назначена заявка № 2")
        assert (await ticket_row(bot, two)).assignee_id != (await ticket_row(bot, one)).assignee_id

        # A forged button: the second executor presses "accept" on the first one's ticket.
        forged = card.button_data("✅ Принять")
        assert forged is not None
        answer = await second.press_data(forged, card)
        assert answer["text"] == "Заявка не найдена или у вас нет к ней доступа."
        assert (await ticket_row(bot, one)).stage_key == "new"

        await first.press("✅ Принять", card)
        await first.expect("Этап: <b>В работе</b>")
        await first.press("✅ Завершить")
        await first.expect("Отчёт по заявке")
        await first.send("Готово, проверено")
        await first.expect("Добавлено в отчёт")
        await first.press("✅ Готово")
        await author.expect("Отчёт исполнителя")

        now = utcnow()
        assert await auto_confirm_due(bot.session_factory, bot.settings, now) == 0
        later = now + timedelta(hours=24, minutes=1)
        assert await auto_confirm_due(bot.session_factory, bot.settings, later) == 1
        assert await auto_confirm_due(bot.session_factory, bot.settings, later) == 0  # once
        assert bot.runtime is not None
        bot.runtime.delivery.wake()
        await author.expect("подтверждена автоматически: ответа не было 24 ч")
        await first.expect("подтверждена автоматически и закрыта")
        ticket = await ticket_row(bot, one)
        assert (ticket.stage_key, ticket.outcome) == ("closed", "done")
        kinds = [e.kind for e in await events(bot, one)]
        assert kinds.count("auto_confirmed") == 1
    finally:
        await bot.stop()


async def test_transfer_to_another_department(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    bot = await _auto_bot(fake_api, sqlite_url)
    try:
        await add_person(bot, 301, "Первый", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor, author = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 401, "А")
        ticket_id = await create_ticket(bot, author_id)
        card = await executor.expect("Вам назначена заявка № 1")
        await executor.press("✅ Принять", card)
        await executor.expect("Этап: <b>В работе</b>")
        await executor.press("Ещё…")  # outcomes that end the executor's part are behind it
        label = "📤 Передать в другой отдел"
        await fake_api.wait_for(lambda: any(label in m.buttons for m in executor.messages))
        await executor.press(label)
        # It ends the resident's ticket: asked once more, and «Назад» changes nothing.
        asked = await executor.expect("Передать заявку № 1 в другой отдел?")
        await executor.press("Назад", asked)
        await executor.expect("Заявка № 1 не закрыта, всё осталось как было")
        assert (await ticket_row(bot, ticket_id)).stage_key == "in_progress"
        await executor.press(label)
        asked = await executor.expect("Передать заявку № 1 в другой отдел?")
        await executor.press("Да, передать", asked)
        await executor.expect("В какой отдел")
        await executor.send("Отдел водоснабжения")
        await executor.expect("передана в другой отдел")
        await author.expect("передана в другой отдел: Отдел водоснабжения")
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.stage_key, ticket.outcome) == ("transferred", "transferred")
        assert ticket.outcome_note == "Отдел водоснабжения"
        assert [e.kind for e in await events(bot, ticket_id)][-1] == "transferred"
    finally:
        await bot.stop()
