"""A report or a reason typed in words: kept whole however long, and refused when the person
lost the executor's role while typing it."""

from __future__ import annotations

from sqlalchemy import update

from db.models import PersonRole, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.work.helpers import (
    accepted_ticket,
    add_person,
    events,
    started_bot,
    ticket_row,
)

RR = {"mode": "auto_round_robin"}


async def test_a_report_is_refused_once_the_executor_role_is_gone(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        executor_id = await add_person(bot, 301, "Иванов", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor = FakeUser(fake_api, 301, "И")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.press("✅ Завершить", card)
        await executor.send("Заменил автомат")
        added = await executor.expect("Добавлено в отчёт")
        async with bot.session_factory() as session, session.begin():
            await session.execute(
                update(PersonRole)
                .where(PersonRole.person_id == executor_id)
                .values(role=Role.OPERATOR.value)
            )
        await executor.press("✅ Готово", added)
        await executor.expect("Вы больше не исполнитель")
        ticket = await ticket_row(bot, ticket_id)
        assert ticket.stage_key == "in_progress"
        assert "finished" not in [e.kind for e in await events(bot, ticket_id)]
    finally:
        await bot.stop()


async def test_a_long_reason_is_kept_whole(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        await add_person(bot, 301, "Иванов", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor = FakeUser(fake_api, 301, "И")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.press("❓ Запросить информацию", card)
        await executor.expect("Какой вопрос задать автору")
        question = "Уточните, пожалуйста. " * 230 + "КОНЕЦ"  # 5,000+ characters
        await executor.send(question)
        await executor.expect("Отсчёт времени приостановлен")
        author = FakeUser(fake_api, 401, "А")
        await author.expect("КОНЕЦ")  # the last part of the split notice
        asked = [e for e in await events(bot, ticket_id) if e.text and "Уточните" in e.text]
        assert [e.text for e in asked] == [question.strip()]
    finally:
        await bot.stop()


async def test_a_refusal_in_work_puts_the_ticket_back_where_nobody_has_it(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    """Outside pool mode too: «В работе» never stays without an executor."""
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        await add_person(bot, 301, "Иванов", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor, author = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 401, "А")
        manager = FakeUser(fake_api, 201, "Р")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.press("🙅 Не возьму — вернуть диспетчеру", card)
        await executor.send("Нет допуска к щитовой")
        await executor.expect("Вы отказались от заявки № 1")
        told = await manager.expect("отказался(-ась) от заявки № 1. Причина: Нет допуска")
        assert "👤 Назначить" in told.buttons
        await author.expect("🔁 Иванов И. отказался(-ась) от заявки № 1. Ищем другого исполнителя.")
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.assignee_id, ticket.stage_key) == (None, "new")
    finally:
        await bot.stop()
