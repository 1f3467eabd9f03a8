"""Access requests cannot be used to spam the admins: one pending request per person, a
cooldown after a rejection, one notice per request and admin, even for simultaneous presses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import AccessRequest, OutgoingMessage
from services import access
from services.people import TelegramProfile
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings

STRANGER = 557
REQUEST_NOTICE = "Запрос доступа</b> №"


@pytest.fixture
async def running(fake_api: FakeBotAPI, database_url: str) -> AsyncIterator[BotHarness]:
    settings = make_settings(
        api_base=fake_api.base_url, database_url=database_url, admins=[ADMIN_ID]
    )
    harness = BotHarness(settings)
    await harness.start()
    yield harness
    await harness.stop()


async def _requests(bot: BotHarness) -> list[tuple[str, bool]]:
    """(status, decided) of the stranger's requests, oldest first."""
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(AccessRequest)
            .where(AccessRequest.telegram_id == STRANGER)
            .order_by(AccessRequest.id)
        )
        return [(row.status, row.decided_at is not None) for row in rows]


async def _notices(bot: BotHarness) -> int:
    """Access-request notices queued for the admin (whether sent yet or not)."""
    async with bot.session_factory() as session:
        texts = await session.scalars(
            select(OutgoingMessage.text).where(OutgoingMessage.chat_id == ADMIN_ID)
        )
        return sum(REQUEST_NOTICE in text for text in texts)


def _admin_notices(api: FakeBotAPI) -> int:
    """Access-request notices the admin was actually sent."""
    return sum(
        str(call.params.get("chat_id")) == str(ADMIN_ID)
        and REQUEST_NOTICE in str(call.params.get("text"))
        for call in api.calls_of("sendMessage")
    )


async def test_pending_request_cooldown_and_one_notice_each(
    fake_api: FakeBotAPI, running: BotHarness
) -> None:
    bot = running
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, STRANGER, "Игорь")
    await admin.send("/start")
    await admin.expect("Ваши роли")

    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")
    ask = greeting.button_data("🔑 Запросить доступ")
    assert ask is not None
    await stranger.press_data(ask, greeting)
    await stranger.expect("Запрос отправлен администраторам")
    request = await admin.expect("Запрос доступа")

    # The greeting's button pressed again while the request waits: refused, nobody told.
    again = await stranger.press_data(ask, greeting)
    assert again["text"] == "Заявка на доступ уже отправлена, ждите решения администратора."
    assert again.get("show_alert") == "true"
    await stranger.expect("Заявка на доступ уже отправлена")
    assert await _requests(bot) == [("pending", False)]
    assert await _notices(bot) == 1
    assert _admin_notices(fake_api) == 1

    await admin.press("❌ Отклонить", request)
    await admin.expect("отклонён")
    await stranger.expect("в доступе отказано")

    # Asking again right after the rejection: refused with the time, nobody told.
    await stranger.send("/start")
    cooling = await stranger.expect("Запросить доступ снова можно после")
    assert cooling.buttons == []
    refused = await stranger.press_data(ask, greeting)
    assert "Запросить доступ снова можно после" in refused["text"]
    async with bot.session_factory() as session:
        decided_at = await session.scalar(
            select(AccessRequest.decided_at).where(AccessRequest.telegram_id == STRANGER)
        )
    assert decided_at is not None
    moscow = (decided_at + timedelta(hours=24)).astimezone(bot.settings.company.tz)
    assert moscow.strftime("%d.%m.%Y %H:%M") in refused["text"]
    assert await _requests(bot) == [("rejected", True)]
    assert await _notices(bot) == 1

    # A day and an hour later the stranger may ask again: one new request, one notice.
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(AccessRequest)
            .where(AccessRequest.telegram_id == STRANGER)
            .values(decided_at=decided_at - timedelta(hours=25))
        )
    await stranger.send("/start")
    fresh = await stranger.expect("запросите доступ")
    await stranger.press_data(ask, fresh)
    await stranger.expect("Запрос отправлен администраторам")
    await admin.expect("Запрос доступа")
    await stranger.press_data(ask, fresh)
    await stranger.expect("Заявка на доступ уже отправлена")
    assert await _requests(bot) == [("rejected", True), ("pending", False)]
    assert await _notices(bot) == 2
    assert _admin_notices(fake_api) == 2


async def test_simultaneous_asks_make_one_request(database_url: str) -> None:
    """Two transactions asking at the same moment (e.g. two processes without Redis): one
    request, one "created" (so one notice), the other sees it pending."""
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    profile = TelegramProfile(STRANGER, "Игорь", None, None)

    async def ask() -> access.AskOutcome:
        async with factory() as session, session.begin():
            asked = await access.ask_for_access(session, profile, cooldown=timedelta(hours=24))
            await asyncio.sleep(0.1)  # keep the transactions overlapping
            return asked.outcome

    try:
        outcomes = await asyncio.gather(ask(), ask(), ask())
        assert sorted(outcomes) == sorted(
            [access.AskOutcome.CREATED, access.AskOutcome.PENDING, access.AskOutcome.PENDING]
        )
        async with factory() as session:
            rows = list(await session.scalars(select(AccessRequest)))
        assert [row.status for row in rows] == ["pending"]
    finally:
        await engine.dispose()


async def test_cooldown_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.config import load_settings

    assert load_settings().access.cooldown == timedelta(hours=24)
    monkeypatch.setenv("HELPDESK_ACCESS__REQUEST_COOLDOWN_HOURS", "0.5")
    assert load_settings().access.cooldown == timedelta(minutes=30)
