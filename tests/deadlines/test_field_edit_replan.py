"""A manager's field edit of the priority or the kind of emergency plans the deadlines again,
as if the ticket had been created with the new values: the norm from registration, the stage's
limit from when its clock started (round the clock for an emergency); other edits leave the
deadlines alone. The card, the database and the board all show the new plan."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

import services.tickets.lifecycle as lifecycle
from db.models import AuditEntry, Role, Ticket, TicketEvent, TicketStageVisit
from services.board.read_model import BoardFilters, load_board
from services.deadlines.planner import planner_for
from services.tickets.creation import create_from_values
from services.tickets.fieldsets import current_fields
from services.tickets.value_edits import change_value
from tests.deadlines.helpers import MONDAY_10, make_world
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person

MSK = ZoneInfo("Europe/Moscow")
WATER = "Авария: вода / канализация / отопление / электричество"
SERVICE_NORM = "норматив: 2 ч (регламент аварийной службы)"
DECREE_NORM = "норматив: 30 мин (ПП РФ № 416, п. 13)"


def _next_saturday_2343() -> datetime:
    """A Saturday 23:43 (Moscow) in the future: nothing falls due while the test runs."""
    day = datetime.now(MSK).date() + timedelta(days=7)
    day += timedelta(days=(5 - day.weekday()) % 7)
    return datetime.combine(day, time(23, 43), MSK)


def _at(moment: datetime) -> str:
    return f"{moment.astimezone(MSK):%d.%m.%Y %H:%M}"


async def _create(bot: BotHarness, author_id: int, at: datetime) -> Ticket:
    async with bot.session_factory() as session, session.begin():
        row, field_set = await current_fields(session)
        return await create_from_values(
            session,
            author_id=author_id,
            field_set_row=row,
            field_set=field_set,
            values=DEFAULT_VALUES | {"address": "ул. Ленина, д. 5", "priority": "Срочная"},
            planner=planner_for(bot.settings.deadlines),
            at=at,
        )


async def _stored(bot: BotHarness, ticket_id: int) -> tuple[Ticket, TicketStageVisit]:
    async with bot.session_factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        visit = await session.scalar(
            select(TicketStageVisit).where(
                TicketStageVisit.ticket_id == ticket_id, TicketStageVisit.left_at.is_(None)
            )
        )
        assert ticket is not None
        assert visit is not None
        return ticket, visit


async def _edit(boss: FakeUser, number: int, label: str, value: str) -> str:
    await boss.send(f"/t {number}")
    card = await boss.expect(f"Заявка № {number}")
    await boss.press("✏️ Изменить поле", card)
    await boss.expect("Какое поле заявки изменить")
    await boss.press(label)
    await boss.expect(f"Введите новое значение поля «{label}»")
    await boss.send(value)
    edited = await boss.expect(f"Поле «{label}» заявки № {number} изменено")
    return edited.text


async def test_a_new_priority_and_kind_of_emergency_replan_the_deadlines(
    fake_api: FakeBotAPI, bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered = _next_saturday_2343().astimezone(UTC)
    author = await add_person(bot, 800, Role.OPERATOR)
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    created = await _create(bot, author, registered)
    # «Срочная» has no norm: «Новая» (60 working minutes) is due on the next working day
    # (Monday 10:00 unless it is a holiday).
    ticket, _visit = await _stored(bot, created.id)
    working_due = ticket.stage_deadline_at
    assert ticket.deadline_at is None
    assert working_due is not None
    assert working_due >= registered + timedelta(days=1, hours=10)

    # Edited seven minutes after registration.
    monkeypatch.setattr(lifecycle, "utcnow", lambda: registered + timedelta(minutes=7))
    card = await _edit(boss, created.number, "Приоритет", "Аварийная")

    # As if registered as «Аварийная»: the 2-hour norm from registration, and «Новая» round
    # the clock from its entry (warned at 80%).
    norm_due, stage_due = registered + timedelta(hours=2), registered + timedelta(minutes=60)
    assert f"⏱ Срок по нормативу: {_at(norm_due)} — {SERVICE_NORM}" in card
    assert f"Срок этапа: {_at(stage_due)}" in card
    assert f"Срок этапа: {_at(working_due)}" not in card
    ticket, visit = await _stored(bot, created.id)
    assert ticket.priority == "Аварийная"
    assert ticket.deadline_at == norm_due
    assert ticket.stage_deadline_at == visit.deadline_at == stage_due
    assert ticket.stage_warn_at == registered + timedelta(minutes=48)
    assert (ticket.stage_warned_at, ticket.stage_breached_at, ticket.breached_at) == (None,) * 3
    assert ticket.stage_entered_at == registered  # the stage's clock was not restarted

    # The kind of emergency has the more specific norm of Decree 416.
    card = await _edit(boss, created.number, "Вид аварии", WATER)
    assert f"⏱ Срок по нормативу: {_at(registered + timedelta(minutes=30))} — {DECREE_NORM}" in card
    ticket, visit = await _stored(bot, created.id)
    assert ticket.deadline_at == registered + timedelta(minutes=30)
    assert ticket.stage_deadline_at == visit.deadline_at == stage_due

    # The board (here a wall screen's) reads the same columns.
    async with bot.session_factory() as session:
        board = await load_board(
            session,
            viewer_id=None,
            roles=(),
            filters=BoardFilters(),
            now=registered + timedelta(minutes=8),
            tz=MSK,
            planner=planner_for(bot.settings.deadlines),
            all_tickets=True,
        )
    [shown] = board.emergencies
    assert (shown.norm_deadline, shown.stage_deadline) == (ticket.deadline_at, stage_due)
    assert shown.deadline == registered + timedelta(minutes=30)

    # Any other field leaves the deadlines as they are (made recognisable here: a re-plan would
    # put them back).
    marked = registered + timedelta(days=3)
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket)
            .where(Ticket.id == created.id)
            .values(deadline_at=marked, stage_deadline_at=marked, stage_warn_at=marked)
        )
    await _edit(boss, created.number, "ФИО заявителя", "Петрова Анна")
    ticket, _visit = await _stored(bot, created.id)
    assert (ticket.deadline_at, ticket.stage_deadline_at, ticket.stage_warn_at) == (marked,) * 3

    # The history and the audit log record the edits as before.
    async with bot.session_factory() as session:
        events = list(
            await session.scalars(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == created.id, TicketEvent.kind == "field_changed")
                .order_by(TicketEvent.id)
            )
        )
        audited = list(
            await session.scalars(
                select(AuditEntry.details)
                .where(AuditEntry.ticket_number == created.number)
                .order_by(AuditEntry.id)
            )
        )
    assert [e.data for e in events] == [
        {"key": "priority", "old": "Срочная", "new": "Аварийная"},
        {"key": "emergency", "old": None, "new": WATER},
        {"key": "client", "old": DEFAULT_VALUES["client"], "new": "Петрова Анна"},
    ]
    assert [e.at for e in events] == [registered + timedelta(minutes=7)] * 3
    assert [d.get("field") for d in audited if d.get("event") == "field_changed"] == [
        "priority",
        "emergency",
        "client",
    ]


async def test_replan_keeps_pauses_flags_and_closed_tickets(sqlite_url: str) -> None:
    """Back from a pause the stage's clock continues from its first entry with the pause left
    out; a breach already flagged stays flagged; a closed ticket keeps its deadlines."""
    world = await make_world(sqlite_url)
    planner = planner_for(world.settings.deadlines)
    created = await world.create(at=MONDAY_10, priority="Обычная")
    await world.move(created, "in_progress", MONDAY_10)  # 480 working minutes
    await world.move(created, "awaiting_info", MONDAY_10 + timedelta(hours=1))
    await world.move(created, "in_progress", MONDAY_10 + timedelta(hours=3))
    before = await world.ticket(created)
    assert before.deadline_at is None
    async with world.factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.id == created).values(stage_breached_at=MONDAY_10)
        )
    async with world.factory() as session, session.begin():
        ticket = await session.get(Ticket, created)
        assert ticket is not None
        await change_value(
            session, ticket, "priority", "Аварийная", world.author_id, planner=planner
        )
    after = await world.ticket(created)
    # Round the clock, two hours of it paused: the norm at 10:00 + 2 h + 2 h paused, the stage
    # at 10:00 + 8 h + 2 h paused.
    assert after.deadline_at == MONDAY_10 + timedelta(hours=4)
    assert after.stage_deadline_at == MONDAY_10 + timedelta(hours=10)
    assert after.stage_breached_at == MONDAY_10

    await world.move(created, "closed", MONDAY_10 + timedelta(hours=5))
    closed = await world.ticket(created)
    async with world.factory() as session, session.begin():
        ticket = await session.get(Ticket, created)
        assert ticket is not None
        await change_value(session, ticket, "priority", "Обычная", world.author_id, planner=planner)
    again = await world.ticket(created)
    assert (again.deadline_at, again.stage_deadline_at) == (
        closed.deadline_at,
        closed.stage_deadline_at,
    )
    await world.engine.dispose()
