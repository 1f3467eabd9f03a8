"""The housing company's norms (ПП РФ № 416, п. 13): round the clock from registration, the
refuse chute only between 08:00 and 23:00, the basis shown beside the deadline; the desired
time may not be in the past; the default form; an existing company keeps its field set."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from bot.i18n import get_translator
from bot.views.card_parts import deadline_lines
from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import FieldSetVersion
from services.deadlines.planner import planner_for
from services.deadlines.settings import DeadlineSettings
from services.fields import FieldSet, ParseError, ParseOk, field_set_from_config, parse_value
from services.fields.config import load_default_field_set
from services.fields.dates import datetime_value
from services.tickets import definitions
from services.tickets.fieldsets import current_fields
from tests.deadlines.helpers import make_world

MSK = ZoneInfo("Europe/Moscow")
WATER = "Авария: вода / канализация / отопление / электричество"
CHUTE = "Засор мусоропровода"
SATURDAY_2343 = datetime(2026, 12, 5, 23, 43, tzinfo=MSK)


def _due(priority: str, kind: str | None, at: datetime) -> datetime | None:
    planner = planner_for(DeadlineSettings())
    values = {"priority": priority} | ({"emergency": kind} if kind else {})
    found = planner.plan_ticket(priority, at, values=values)
    return None if found is None else found.astimezone(MSK)


def test_refuse_chute_counts_only_between_8_and_23() -> None:
    saturday = date(2026, 12, 5)
    at_2330 = datetime.combine(saturday, time(23, 30), MSK)
    assert _due("Аварийная", CHUTE, at_2330) == datetime(2026, 12, 6, 10, 0, tzinfo=MSK)
    # 30 minutes before 23:00, the other 1.5 h from 08:00.
    at_2230 = datetime.combine(saturday, time(22, 30), MSK)
    assert _due("Аварийная", CHUTE, at_2230) == datetime(2026, 12, 6, 9, 30, tzinfo=MSK)
    at_0300 = datetime.combine(saturday, time(3, 0), MSK)
    assert _due("Аварийная", CHUTE, at_0300) == datetime(2026, 12, 5, 10, 0, tzinfo=MSK)
    at_noon = datetime.combine(saturday, time(12, 0), MSK)
    assert _due("Аварийная", CHUTE, at_noon) == datetime(2026, 12, 5, 14, 0, tzinfo=MSK)


def test_emergencies_run_round_the_clock_from_registration() -> None:
    assert _due("Аварийная", WATER, SATURDAY_2343) == SATURDAY_2343 + timedelta(minutes=30)
    blockage = _due("Аварийная", "Засор канализации", SATURDAY_2343)
    assert blockage == SATURDAY_2343 + timedelta(hours=2)
    # No kind, or «Другое»: the priority's own round-the-clock norm.
    assert _due("Аварийная", "Другое", SATURDAY_2343) == SATURDAY_2343 + timedelta(hours=2)
    assert _due("аварийная", None, SATURDAY_2343) == SATURDAY_2343 + timedelta(hours=2)
    assert _due("Обычная", None, SATURDAY_2343) is None


def test_window_and_basis_are_configurable() -> None:
    section = DeadlineSettings(
        priority_limits={"Срочная": {"limit": "1d", "mode": "calendar", "basis": "регламент"}},
        emergency_limits={"Лифт": {"limit": "30m", "mode": "calendar", "window": "07:00-22:00"}},
    )
    planner = planner_for(section)
    at = datetime(2026, 12, 5, 22, 0, tzinfo=MSK)
    lift = planner.plan_ticket("Аварийная", at, values={"emergency": "лифт"})
    assert lift == datetime(2026, 12, 6, 7, 30, tzinfo=MSK)
    assert planner.ticket_norm("Аварийная", {}) is None  # the table replaced the default
    with pytest.raises(ValidationError):
        DeadlineSettings(emergency_limits={"x": {"limit": "1h", "window": "23:00-08:00"}})


async def test_card_lines_show_the_norm_and_its_basis(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    registered = SATURDAY_2343.astimezone(UTC)
    created = await world.create(at=registered, priority="Аварийная", emergency=WATER)
    ticket = await world.ticket(created)
    assert ticket.deadline_at == registered + timedelta(minutes=30)
    # The stages of an emergency count round the clock too: «Новая» has 60 minutes.
    assert ticket.stage_deadline_at == registered + timedelta(minutes=60)
    lines = deadline_lines(get_translator("ru"), world.settings, ticket, now=registered)
    assert lines[0] == (
        "⏱ Срок по нормативу: 06.12.2026 00:13 — норматив: 30 мин (ПП РФ № 416, п. 13)"
    )
    assert "Срок этапа: 06.12.2026 00:43" in lines[1]
    chute = await world.ticket(
        await world.create(at=registered, priority="Аварийная", emergency=CHUTE)
    )
    [norm, *_] = deadline_lines(get_translator("ru"), world.settings, chute, now=registered)
    assert norm == (
        "⏱ Срок по нормативу: 06.12.2026 10:00 — норматив: 2 ч, с 08:00 до 23:00"
        " (ПП РФ № 416, п. 13)"
    )
    ordinary = await world.ticket(await world.create(at=registered, priority="Обычная"))
    assert ordinary.deadline_at is None
    # Without a norm the stages keep the business calendar: «Новая» is due Monday 10:00.
    assert ordinary.stage_deadline_at == datetime(2026, 12, 7, 10, 0, tzinfo=MSK)
    text = "\n".join(deadline_lines(get_translator("ru"), world.settings, ordinary))
    assert "норматив" not in text
    await world.engine.dispose()


def _due_field() -> FieldSet:
    return load_default_field_set()


def test_desired_time_may_not_be_in_the_past() -> None:
    field = _due_field()["due"]
    now = datetime(2026, 12, 5, 23, 43, 30, tzinfo=MSK)
    today = now.date()
    past = datetime_value(field, today, time(23, 42), tz=MSK, today=today, now=now)
    assert isinstance(past, ParseError)
    assert past.msg.key == "field-error-datetime-past"
    text = get_translator("ru").plain_msg(past.msg)
    assert "Это время уже прошло (сейчас 05.12.2026 23:43)" in text
    same_minute = datetime_value(field, today, time(23, 43), tz=MSK, today=today, now=now)
    assert isinstance(same_minute, ParseOk)
    yesterday = parse_value(field, "04.12.2026 23:50", tz=MSK, today=today)
    assert isinstance(yesterday, ParseError)
    future = parse_value(field, "31.12.2099 10:00", tz=MSK, today=today)
    assert isinstance(future, ParseOk)


def test_now_is_a_bound_of_datetimes_only() -> None:
    field_set_from_config([{"key": "due", "label": "Срок", "type": "datetime", "min": "now"}])
    with pytest.raises(Exception, match="field-def-error-bound"):
        field_set_from_config([{"key": "day", "label": "День", "type": "date", "min": "now"}])


def test_the_default_form_is_a_housing_companys() -> None:
    fields = load_default_field_set()
    keys = [field.key for field in fields.fields]
    assert keys[:5] == ["address", "flat", "entrance", "client", "phone"]
    assert {"work_type", "subject"}.isdisjoint(keys)
    assert fields["address"].required
    assert fields["flat"].label == "Квартира / помещение"
    assert (fields["entrance"].validation.min, fields["entrance"].validation.max) == (1, 50)
    assert fields["client"].label == "ФИО заявителя"
    assert list(fields["category"].choices) == [
        "Сантехника", "Электрика", "Лифт", "Отопление", "Уборка", "Благоустройство", "Прочее",
    ]  # fmt: skip
    assert list(fields["priority"].choices) == ["Плановая", "Обычная", "Срочная", "Аварийная"]
    emergency = fields["emergency"]
    assert emergency.show_if is not None
    assert emergency.show_if.equals == "Аварийная"
    # Every kind of emergency but «Другое» has a norm of its own.
    norms = DeadlineSettings().emergency_limits
    assert [kind for kind in emergency.choices if kind not in norms] == ["Другое"]


async def test_an_existing_company_keeps_its_published_field_set(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    old = field_set_from_config(
        [
            {"key": "client", "label": "Клиент", "type": "text", "required": True},
            {"key": "work_type", "label": "Тип работ", "type": "choice", "choices": ["Выезд"]},
        ]
    )
    async with factory() as session, session.begin():
        await definitions.publish_field_set(session, old)
    async with factory() as session, session.begin():
        _row, current = await current_fields(session)
        assert [f.key for f in current.fields] == ["client", "work_type"]
    async with factory() as session:
        count = len(list(await session.scalars(select(FieldSetVersion))))
    assert count == 1
    await engine.dispose()
