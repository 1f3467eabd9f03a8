"""Asking the author (clock paused, the answer back to the executor), reopening within
``reopen_days`` (author, manager; refused after), refusing with a reason, reassigning."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.views.callbacks import WorkCb
from db.models import Role, Ticket, TicketStageVisit
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import (
    accepted_ticket,
    add_person,
    create_ticket,
    events,
    started_bot,
    ticket_row,
)

RR = {"mode": "auto_round_robin"}


async def _close(api: FakeBotAPI, executor: FakeUser, author: FakeUser) -> None:
    await executor.press("✅ Завершить")
    await executor.send("Сделано")
    await executor.press("✅ Готово", await executor.expect("Добавлено в отчёт"))
    # Earlier reports lose their buttons: the one to press is the one that has them.
    await api.wait_for(lambda: any("👍 Подтвердить" in m.buttons for m in author.messages))
    await author.press("👍 Подтвердить", author.message_with_button("👍 Подтвердить"))
    await executor.expect("Автор подтвердил")


async def test_question_pauses_the_clock_and_the_answer_reaches_the_executor(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor, author = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 401, "А")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.press("❓ Запросить информацию", card)
        await executor.expect("Какой вопрос задать автору")
        await executor.send("Какой номер кабинета?")
        await executor.expect("Отсчёт времени приостановлен")
        question = await author.expect("спрашивает:\nКакой номер кабинета?")
        assert question.buttons == ["✍️ Ответить"]
        paused = await ticket_row(bot, ticket_id)
        assert (paused.stage_key, paused.paused_since is not None) == ("awaiting_info", True)

        await author.press("✍️ Ответить", question)
        await author.expect("Напишите ответ")
        await author.send("Кабинет 512")
        await author.expect("отправлен исполнителю")
        answer = await executor.expect("Ответ автора по заявке № 1:\nКабинет 512")
        assert answer.buttons == ["📄 Открыть"]  # one line; the card comes on «Открыть»
        resumed = await ticket_row(bot, ticket_id)
        assert (resumed.stage_key, resumed.paused_since) == ("in_progress", None)
        async with bot.session_factory() as session:
            visit = await session.scalar(
                select(TicketStageVisit).where(
                    TicketStageVisit.ticket_id == ticket_id,
                    TicketStageVisit.stage_key == "awaiting_info",
                )
            )
        assert visit is not None
        assert visit.left_at is not None
        assert visit.paused_seconds == visit.calendar_seconds
        kinds = [e.kind for e in await events(bot, ticket_id)]
        assert kinds[-2:] == ["info_requested", "info_answered"]
        # The same "answer" button again: the ticket no longer waits.
        again = await author.press("✍️ Ответить", question)
        assert "Кнопка устарела" in again["text"]
    finally:
        await bot.stop()


async def _age_closed(bot: BotHarness, ticket_id: int, days: int) -> None:
    async with bot.session_factory() as session, session.begin():
        closed = (await ticket_row(bot, ticket_id)).closed_at
        assert closed is not None
        await session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id)
            .values(closed_at=closed - timedelta(days=days), version=Ticket.version + 1)
        )


async def test_reopen_by_author_and_manager_within_days_refused_after(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR, reopen_days=3)
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor, author = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 401, "А")
        manager = FakeUser(fake_api, 201, "Р")
        ticket_id, _ = await accepted_ticket(fake_api, bot, executor, author_id)
        await _close(fake_api, executor, author)
        closed_card = await author.expect("Этап: <b>Закрыта</b>")
        await author.press("🔄 Открыть заново", closed_card)
        await author.expect("Почему заявка № 1 открывается заново?")
        assert (await ticket_row(bot, ticket_id)).stage_key == "closed"  # not before the reason
        await author.send("Свет снова погас")
        await author.expect("Заявка № 1 открыта заново, исполнитель получил причину")
        back = await executor.expect("🔄 Заявка № 1 открыта заново: Свет снова погас")
        assert back.buttons == ["📄 Открыть"]  # one line; the card comes on «Открыть»
        await manager.expect("снова на этапе «В работе»")
        assert (await ticket_row(bot, ticket_id)).stage_key == "in_progress"
        reopened = [e for e in await events(bot, ticket_id) if e.kind == "reopened"]
        assert [e.text for e in reopened] == ["Свет снова погас"]
        await executor.press("📜 История", executor.message_with_button("📜 История"))
        await executor.expect("открыта заново (этап «В работе»): Свет снова погас")
        await executor.press("📄 Открыть", back)
        await executor.expect("Этап: <b>В работе</b>")

        await _close(fake_api, executor, author)
        await _age_closed(bot, ticket_id, 2)  # still within three days
        # Until the ticket card carries the workflow buttons (the card merge), the manager
        # presses the same "reopen" button data a closed card gives anyone who may reopen.
        reopen = (await author.expect("Этап: <b>Закрыта</b>")).button_data("🔄 Открыть заново")
        assert reopen is not None
        told = manager.last
        await manager.press_data(reopen, told)
        await manager.expect("Почему заявка № 1 открывается заново?")
        await manager.send("Проверка руководителя")
        await author.expect("Заявка № 1 открыта заново: Проверка руководителя")
        reopened = [e for e in await events(bot, ticket_id) if e.kind == "reopened"]
        assert [e.actor_id for e in reopened] == [author_id, reopened[1].actor_id]
        assert reopened[1].actor_id != author_id
        await executor.press("📄 Открыть", await executor.expect("Проверка руководителя"))
        await executor.expect("Этап: <b>В работе</b>")

        await _close(fake_api, executor, author)
        stale = await author.expect("Этап: <b>Закрыта</b>")
        await _age_closed(bot, ticket_id, 4)  # past reopen_days
        answer = await author.press("🔄 Открыть заново", stale)
        assert "3" in answer["text"]
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.stage_key, ticket.outcome) == ("closed", "done")
    finally:
        await bot.stop()


async def test_refusal_goes_back_to_the_pool_or_to_managers(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "pool"})
    try:
        for tid in (301, 302):
            await add_person(bot, tid, f"Исп{tid}", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        first, second = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 302, "И")
        manager = FakeUser(fake_api, 201, "Р")
        ticket_id = await create_ticket(bot, author_id)
        await first.press("✋ Взять", await first.expect("возьмите её"))
        await second.expect("уже взята (Исп301")
        card = await first.expect("Этап: <b>В работе</b>")
        await first.press("🙅 Не возьму — вернуть диспетчеру", card)
        await first.expect("Почему вы отказываетесь")
        await first.send("Нет нужного инструмента")
        await first.expect("Вы отказались от заявки № 1")
        # Back to the pool, without the refuser (tests/work/test_pool_refusal.py: the texts).
        offer = await second.expect("снова свободна")
        assert offer.buttons == ["📄 Открыть", "✋ Взять"]
        told = await manager.expect("Исп301 Иван отказался(-ась) от заявки № 1")
        assert "👤 Назначить" in told.buttons
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.assignee_id, ticket.stage_key) == (None, "new")
        refused = [e for e in await events(bot, ticket_id) if e.kind == "refused"]
        assert [e.text for e in refused] == ["Нет нужного инструмента"]

        await second.press("✋ Взять", offer)
        await second.expect("Этап: <b>В работе</b>")
        assert (await ticket_row(bot, ticket_id)).assignee_id is not None
        await manager.expect("Заявка № 1 уже взята (Исп302")  # the pool took it
    finally:
        await bot.stop()


async def test_refusal_in_manual_mode_goes_to_managers_who_reassign(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url)
    try:
        await add_person(bot, 301, "Первый", [Role.EXECUTOR])
        second_id = await add_person(bot, 302, "Второй", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        first, second = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 302, "И")
        manager = FakeUser(fake_api, 201, "Р")
        ticket_id = await create_ticket(bot, author_id)
        offer = await manager.expect("ждёт назначения")
        await manager.press("👤 Назначить", offer)
        picker = await manager.expect("Кого назначить")
        await manager.press(next(b for b in picker.buttons if "Первый" in b), picker)
        card = await first.expect("Вам назначена заявка № 1")
        await first.press("🙅 Не возьму — вернуть диспетчеру", card)
        await first.send("Заболел")
        await first.expect("Вы отказались от заявки № 1")
        told = await manager.expect("Первый Иван отказался(-ась) от заявки № 1. Причина: Заболел")
        assert "👤 Назначить" in told.buttons
        assert (await ticket_row(bot, ticket_id)).assignee_id is None

        await manager.press("👤 Назначить", told)
        picker = await manager.expect("Кого назначить")
        await manager.press(next(b for b in picker.buttons if "Второй" in b), picker)
        await second.expect("Вам назначена заявка № 1")
        assert (await ticket_row(bot, ticket_id)).assignee_id == second_id
        kinds = [e.kind for e in await events(bot, ticket_id)]
        assert kinds == ["created", "assigned", "refused", "assigned"]
    finally:
        await bot.stop()


async def test_manager_reassigns_and_the_previous_executor_is_told(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        first_id = await add_person(bot, 301, "Первый", [Role.EXECUTOR])
        second_id = await add_person(bot, 302, "Второй", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        first, second = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 302, "И")
        manager = FakeUser(fake_api, 201, "Р")
        ticket_id, _ = await accepted_ticket(fake_api, bot, first, author_id)
        # The "assign" button a manager's card carries for a ticket in work (the card
        # merge will put it on /t; the data is what the workflow card makes).
        await manager.send("/t 1")
        card = await manager.expect("Заявка № 1")
        await manager.press_data(WorkCb(a="assign", t=ticket_id, s="in_progress").pack(), card)
        picker = await manager.expect("Кого назначить")
        await manager.press(next(b for b in picker.buttons if "Второй" in b), picker)
        await manager.expect("назначена: Второй Иван")
        told = await first.expect("Заявка № 1 передана другому исполнителю")
        await second.expect("Вам назначена заявка № 1")
        assert (await ticket_row(bot, ticket_id)).assignee_id == second_id
        # A button of the card the first executor had (pressed before its removal reached
        # the phone) says the ticket moved on, not «не найдена».
        moved = await first.press_data(
            WorkCb(a="move", t=ticket_id, s="in_progress", x="done").pack(), told
        )
        assert moved["text"] == (
            "Заявка № 1 больше не у вас: её передали другому исполнителю или вернули "
            "диспетчеру. Ваши заявки: /work"
        )
        assert moved["show_alert"] in (True, "true")
        # Somebody who never had it learns nothing about it.
        stranger = FakeUser(fake_api, 303, "Ч")
        await add_person(bot, 303, "Третий", [Role.EXECUTOR])
        refused = await stranger.press_data(WorkCb(a="card", t=ticket_id).pack(), told)
        assert refused["text"] == "Заявка не найдена или у вас нет к ней доступа."
        assert (await ticket_row(bot, ticket_id)).stage_key == "in_progress"
        assigned = [e.data for e in await events(bot, ticket_id) if e.kind == "assigned"]
        assert assigned[-1]["previous_id"] == first_id
        assert assigned[-1]["person_id"] == second_id
    finally:
        await bot.stop()
