"""The housing company's default form end to end: an operator registers an emergency at 23:43
on a Saturday; the card and the executor's notice show the norm of ПП РФ № 416 (30 minutes,
round the clock) and its deadline; a desired time in the past is refused."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

import services.tickets.lifecycle as lifecycle
from bot.config import Settings
from db.models import Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import add_person, tickets

MSK = ZoneInfo("Europe/Moscow")
WATER = "Авария: вода / канализация / отопление / электричество"
NORM = "норматив: 30 мин (ПП РФ № 416, п. 13)"


@pytest.fixture
def settings(fake_api: FakeBotAPI, sqlite_url: str) -> Settings:
    return make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        workflow={"assignment": {"mode": "auto_round_robin"}},
    )


def _next_saturday_2343() -> datetime:
    """A Saturday 23:43 (Moscow) in the future: nothing is overdue while the test runs."""
    day = datetime.now(MSK).date() + timedelta(days=7)
    day += timedelta(days=(5 - day.weekday()) % 7)
    return datetime.combine(day, time(23, 43), MSK)


async def test_emergency_at_night_gets_the_30_minute_norm(
    fake_api: FakeBotAPI, bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered = _next_saturday_2343()
    monkeypatch.setattr(lifecycle, "utcnow", lambda: registered.astimezone(UTC))
    await add_person(bot, 800, Role.OPERATOR)
    await add_person(bot, 900, Role.EXECUTOR, last_name="Слесарев")
    op, executor = FakeUser(fake_api, 800, "Оля"), FakeUser(fake_api, 900, "Пётр")

    await op.send("/new")
    await op.expect("Адрес")
    await op.send("ул. Ленина, д. 5")
    await op.expect("Квартира / помещение")
    await op.send("12")
    await op.expect("Подъезд")
    await op.send("51")
    await op.expect("50")  # entrances are numbered 1-50: refused, asked again
    await op.send("2")
    await op.expect("ФИО заявителя")
    await op.send("Иванова Мария Петровна")
    await op.expect("Телефон заявителя")
    await op.send("89215550101")
    await op.expect("Категория")
    await op.press("Сантехника")
    await op.expect("Приоритет")
    await op.press("Аварийная")
    await op.expect("Вид аварии")  # asked only for «Аварийная»
    await op.press(WATER)
    await op.expect("Что случилось")
    await op.send("Течёт стояк горячей воды, заливает квартиру ниже")
    await op.expect("Фото")
    await op.press("⏭ Пропустить")
    await op.expect("Желаемое время")

    now = datetime.now(MSK)
    past = now - timedelta(minutes=5)
    await op.send(f"{past:%d.%m.%Y %H:%M}")
    if past.date() == now.date():
        refused = await op.expect("Это время уже прошло")
        assert "Укажите время не раньше текущего" in refused.text
    else:  # just after midnight: refused as a past day
        await op.expect("не раньше")
    assert await tickets(bot) == []
    await op.send(f"{now + timedelta(days=2):%d.%m.%Y} 10:00")
    summary = await op.expect("Проверьте заявку")
    assert "<b>Квартира / помещение</b>: 12" in summary.text
    await op.press("✅ Создать")

    due = registered + timedelta(minutes=30)
    card = await op.expect("создана")
    assert f"Срок по нормативу: {due:%d.%m.%Y %H:%M} — {NORM}" in card.text
    notice = await executor.expect("Вам назначена заявка")
    assert NORM in notice.text
    assert f"Срок по нормативу: {due:%d.%m.%Y %H:%M}" in notice.text

    [ticket] = await tickets(bot)
    assert ticket.created_at == registered.astimezone(UTC)
    assert ticket.deadline_at == registered.astimezone(UTC) + timedelta(minutes=30)
    # «Новая» (60 minutes) counts round the clock too, not from Monday morning.
    assert ticket.stage_deadline_at == registered.astimezone(UTC) + timedelta(minutes=60)
    assert ticket.values["flat"] == "12"
    assert ticket.values["entrance"] == 2
    assert ticket.values["emergency"] == WATER
    assert ticket.subject == "Течёт стояк горячей воды, заливает квартиру ниже"
