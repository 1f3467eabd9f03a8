"""Moves that need words are refused without them, whatever the button data says: forged
``wk:move`` presses that would ask the author (pausing the clock), reject, transfer, return or
reopen without a question, reason or department change nothing. Reopening asks for a reason,
which reaches the executor and stays in the history."""

from __future__ import annotations

from typing import Any

from bot.views.callbacks import WorkCb
from db.models import Person, Role, Ticket
from services.deadlines.planner import planner_for
from services.work.actions import perform
from services.work.notifications import WorkContext
from services.workflow import Actor
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.notifier import RecordingNotifier
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import accepted_ticket, add_person, events, started_bot, ticket_row

RR = {"mode": "auto_round_robin"}
NEEDS_REASON = (
    "Для этого действия нужно указать причину — нажмите кнопку ещё раз и напишите её. "
    "Заявка не изменилась."
)
NEEDS_QUESTION = (
    "Чтобы запросить информацию, нужно написать вопрос автору — нажмите "
    "«❓ Запросить информацию» и напишите его. Заявка не изменилась."
)
NEEDS_DEPARTMENT = (
    "Чтобы передать заявку, нужно указать отдел — нажмите «📤 Передать в другой отдел» "
    "и напишите его. Заявка не изменилась."
)


def _move(ticket_id: int, stage: str, target: str) -> str:
    return WorkCb(a="move", t=ticket_id, s=stage, x=target).pack()


async def _snapshot(bot: BotHarness, ticket_id: int) -> tuple[Any, ...]:
    ticket = await ticket_row(bot, ticket_id)
    kinds = [(e.id, e.kind) for e in await events(bot, ticket_id)]
    return (
        ticket.stage_key,
        ticket.version,
        ticket.paused_since,
        ticket.outcome,
        ticket.outcome_note,
        ticket.closed_at,
        kinds,
    )


async def _people(bot: BotHarness, fake_api: FakeBotAPI) -> tuple[FakeUser, FakeUser, int]:
    await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
    author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
    return FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 401, "А"), author_id


async def test_executor_cannot_ask_reject_or_transfer_without_words(
    fake_api: FakeBotAPI, database_url: str
) -> None:
    bot = await started_bot(fake_api, database_url, assignment=RR)
    try:
        executor, author, author_id = await _people(bot, fake_api)
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        before = await _snapshot(bot, ticket_id)
        assert before[0] == "in_progress"
        for target, refusal in (
            ("awaiting_info", NEEDS_QUESTION),  # would pause the deadline clock
            ("rejected", NEEDS_REASON),
            ("transferred", NEEDS_DEPARTMENT),
        ):
            answer = await executor.press_data(_move(ticket_id, "in_progress", target), card)
            assert answer["text"] == refusal, target
            assert answer["show_alert"] in (True, "true")
            assert await _snapshot(bot, ticket_id) == before, target
        assert not [t for t in author.texts() if "спрашивает" in t or "отклонена" in t]
    finally:
        await bot.stop()


async def test_author_cannot_return_or_reopen_without_a_reason(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        executor, author, author_id = await _people(bot, fake_api)
        ticket_id, _ = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.press("✅ Завершить")
        await executor.send("Заменил автомат")
        await executor.press("✅ Готово", await executor.expect("Добавлено в отчёт"))
        report = await author.expect("Отчёт исполнителя")
        waiting = await _snapshot(bot, ticket_id)
        assert waiting[0] == "awaiting_confirmation"
        returned = _move(ticket_id, "awaiting_confirmation", "in_progress")
        answer = await author.press_data(returned, report)
        assert answer["text"] == NEEDS_REASON
        assert await _snapshot(bot, ticket_id) == waiting
        assert not [t for t in executor.texts() if "возвращена в работу" in t]

        await author.press("👍 Подтвердить", report)
        await author.expect("Этап: <b>Закрыта</b>")
        closed = await _snapshot(bot, ticket_id)
        assert closed[0] == "closed"
        answer = await author.press_data(_move(ticket_id, "closed", "in_progress"), report)
        assert answer["text"] == NEEDS_REASON
        assert await _snapshot(bot, ticket_id) == closed
        assert not [t for t in executor.texts() if "открыта заново" in t]
    finally:
        await bot.stop()


async def test_any_caller_of_the_service_is_refused_blank_words(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    """Not only the buttons: ``perform`` itself refuses a reason made of spaces."""
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        executor, _author, author_id = await _people(bot, fake_api)
        ticket_id, _ = await accepted_ticket(fake_api, bot, executor, author_id)
        before = await _snapshot(bot, ticket_id)
        notifier = RecordingNotifier()
        async with bot.session_factory() as session, session.begin():
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            assert ticket.assignee_id is not None
            assignee = await session.get(Person, ticket.assignee_id)
            assert assignee is not None
            work = WorkContext(
                session, bot.settings.workflow, planner_for(bot.settings.deadlines), notifier
            )
            actor = Actor(assignee.id, frozenset({Role.EXECUTOR.value}))
            for target, key in (
                ("rejected", "guard-needs-reason"),
                ("awaiting_info", "guard-needs-question"),
                ("transferred", "guard-needs-department"),
            ):
                refusal = await perform(
                    work, ticket, target, actor, expected_stage="in_progress", text="  \n "
                )
                assert refusal is not None, target
                assert refusal.key == key, target
        assert notifier.said == []
        assert await _snapshot(bot, ticket_id) == before
    finally:
        await bot.stop()


async def test_reopening_asks_for_a_reason_that_reaches_the_executor(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment=RR)
    try:
        executor, author, author_id = await _people(bot, fake_api)
        ticket_id, _ = await accepted_ticket(fake_api, bot, executor, author_id)
        await executor.press("✅ Завершить")
        await executor.send("Заменил автомат")
        await executor.press("✅ Готово", await executor.expect("Добавлено в отчёт"))
        await author.press("👍 Подтвердить", await author.expect("Отчёт исполнителя"))
        closed_card = await author.expect("Этап: <b>Закрыта</b>")

        await author.press("🔄 Открыть заново", closed_card)
        prompt = await author.expect("Почему заявка № 1 открывается заново?")
        assert prompt.buttons == ["✖️ Отмена"]
        assert (await ticket_row(bot, ticket_id)).stage_key == "closed"
        await author.send("Автомат снова выбило")
        await author.expect("Заявка № 1 открыта заново, исполнитель получил причину")
        told = await executor.expect("Заявка № 1 открыта заново")
        assert told.text.startswith("🔄 Заявка № 1 открыта заново: Автомат снова выбило")
        # The author who reopened it has their own answer, not an echo of the notice.
        assert not [t for t in author.texts() if t.startswith("🔄 Заявка № 1 открыта заново")]
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.stage_key, ticket.closed_at) == ("in_progress", None)
        reopened = [e for e in await events(bot, ticket_id) if e.kind == "reopened"]
        assert [(e.actor_id, e.text) for e in reopened] == [(author_id, "Автомат снова выбило")]
        await author.press("📜 История", author.message_with_button("📜 История"))
        history = await author.expect("История заявки № 1")
        assert "открыта заново (этап «В работе»): Автомат снова выбило" in history.text
    finally:
        await bot.stop()
