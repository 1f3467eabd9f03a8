"""A person in the middle of a dialogue keeps their place across a restart."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select

from db.models import FsmRecord, Person, Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings

REDIS_URL = os.environ.get("HELPDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_REQUIRED = os.environ.get("HELPDESK_TEST_REDIS_REQUIRED") == "1"


async def _approve_across_restart(
    fake_api: FakeBotAPI,
    bot: BotHarness,
    stranger_id: int,
    before_restart: Callable[[], Awaitable[None]],
) -> None:
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, stranger_id, "Вера")
    await stranger.send("/start")
    await stranger.expect("запросите доступ")
    await stranger.press("🔑 Запросить доступ")
    request = await admin.expect("Запрос доступа")
    await admin.press("✅ Одобрить", request)
    await admin.expect("Выберите роли")
    await admin.press("⬜ Руководитель")
    await admin.expect("Выберите роли")
    await before_restart()

    await bot.restart()

    # The same dialogue message, with the choice made before the restart, goes on.
    await admin.press("⬜ Оператор")
    choice = await admin.expect("Выберите роли")
    assert {"✅ Оператор", "✅ Руководитель", "⬜ Исполнитель"} <= set(choice.buttons)
    await admin.press("💾 Сохранить")
    await admin.expect("одобрен. Роли: Оператор, Руководитель")
    async with bot.session_factory() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == stranger_id))
    assert person is not None
    assert person.role_set == {Role.OPERATOR, Role.MANAGER}


async def test_dialogue_survives_restart_with_state_in_the_database(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    async def state_is_in_the_database() -> None:
        async with bot.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(FsmRecord)) > 0

    await _approve_across_restart(fake_api, bot, 800, state_is_in_the_database)


async def test_dialogue_survives_restart_with_redis_configured(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    """With Redis (several processes), the state still lives in the database, written in the
    update's own transaction, so a crash at any instant cannot leave it disagreeing with the
    data; Redis holds only the person locks, which expire within seconds."""
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    except (OSError, aioredis.ConnectionError):
        if REDIS_REQUIRED:
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable")
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        redis={"url": REDIS_URL},
    )
    harness = BotHarness(settings)
    await harness.start()
    try:

        async def state_is_in_the_database() -> None:
            assert not await client.keys("fsm:*"), "dialogue state must not live in Redis"
            async with harness.session_factory() as session:
                assert await session.scalar(select(func.count()).select_from(FsmRecord)) > 0

        await _approve_across_restart(fake_api, harness, 801, state_is_in_the_database)
    finally:
        await harness.stop()
        await client.flushdb()
        await client.aclose()
