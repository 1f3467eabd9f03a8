"""Updates are handled once: redeliveries are skipped, a crash mid-handler is redone once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import create_engine, create_session_factory
from db.models import AccessRequest, ProcessedUpdate
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import TEST_TOKEN, BotHarness
from tests.process import ServiceProcess, service_env


async def _count_requests(session_factory: object) -> int:
    async with session_factory() as session:  # type: ignore[operator]
        return int(await session.scalar(select(func.count()).select_from(AccessRequest)))


async def test_redelivered_update_changes_nothing(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, 600, "Олег")
    await stranger.send("/start")
    await stranger.expect("запросите доступ")
    await stranger.press("🔑 Запросить доступ")
    await admin.expect("Запрос доступа")
    request_update_id = max(fake_api.pushed)
    answers_before = len(fake_api.callback_answers)
    sends_before = len(fake_api.calls_of("sendMessage"))

    # Telegram did not get the confirmation and sends the same update again.
    await bot.stop()
    await fake_api.push_update(fake_api.pushed[request_update_id], update_id=request_update_id)
    await stranger.send("/help")  # a fresh update after it, to know the redelivery was read
    await bot.start()
    await stranger.expect("/start — Главное меню")

    assert await _count_requests(bot.session_factory) == 1
    assert len(fake_api.callback_answers) == answers_before
    assert len(fake_api.calls_of("sendMessage")) == sends_before + 1  # only the /help answer
    async with bot.session_factory() as session:
        assert await session.get(ProcessedUpdate, request_update_id) is not None


# Starting a Python process that imports aiogram takes seconds, more on a busy machine.
PROCESS_START_SECONDS = 120


@pytest.mark.timeout(600)
async def test_process_killed_while_replying_loses_nothing_after_restart(
    fake_api: FakeBotAPI, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'killed.sqlite3'}"
    env = service_env(
        HELPDESK_TELEGRAM__TOKEN=TEST_TOKEN,
        HELPDESK_TELEGRAM__API_BASE=fake_api.base_url,
        HELPDESK_TELEGRAM__POLLING_TIMEOUT="5",
        HELPDESK_DATABASE__URL=database_url,
        HELPDESK_ACCESS__ADMINS=f"[{ADMIN_ID}]",
    )
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, 601, "Ольга", "Секретова")
    service = ServiceProcess(env, tmp_path, tmp_path / "service.log")
    await service.start()
    try:
        await stranger.send("/start")
        await stranger.expect("запросите доступ", timeout=PROCESS_START_SECONDS)

        # The handler's writes commit first, then it talks to Telegram: the process dies while
        # its first reply is on the way.
        fake_api.hold_method("answerCallbackQuery")
        greeting = stranger.last
        data = greeting.button_data("🔑 Запросить доступ")
        assert data is not None
        press = asyncio.create_task(stranger.press_data(data, greeting))
        await asyncio.wait_for(fake_api.held.wait(), 15)
        service.kill()
        await service.wait()
        fake_api.release_method("answerCallbackQuery")

        engine = create_engine(database_url)
        factory = create_session_factory(engine)
        assert await _count_requests(factory) == 1  # committed before anything was said

        await press  # the held answer of the dead process; the update stays unconfirmed
        await service.start()
        # The redelivered update is recognised; the journaled replies go out once the dead
        # process's lease on them has run out.
        await stranger.expect("Запрос отправлен администраторам", timeout=PROCESS_START_SECONDS)
        await admin.expect("Запрос доступа", timeout=PROCESS_START_SECONDS)
        await asyncio.sleep(1.0)  # room for a duplicate, if there were one
        assert await _count_requests(factory) == 1
        admin_requests = [m for m in admin.messages if "Запрос доступа" in m.text]
        assert len(admin_requests) == 1
        await engine.dispose()
    finally:
        if service.process and service.process.returncode is None:
            await service.terminate()

    log = service.log()
    assert TEST_TOKEN not in log
    assert "Секретова" not in log
    assert "Ольга" not in log


async def test_updates_saved_before_a_crash_are_handled_once_after_restart(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    """A process that died after saving a fetched batch (and so after Telegram forgot it)
    handles the batch on its next start; one already handled is only cleared."""
    from db.models import PendingUpdate

    handled = FakeUser(fake_api, 610, "Нина")
    await handled.send("/start")
    await handled.expect("запросите доступ")
    handled_id = max(fake_api.pushed)
    await bot.stop()

    waiting = FakeUser(fake_api, 611, "Олег")
    payload = {
        "update_id": 99_000_001,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": 611, "type": "private"},
            "from": {"id": 611, "is_bot": False, "first_name": "Олег"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    async with bot.session_factory() as session, session.begin():
        session.add(PendingUpdate(update_id=payload["update_id"], payload=payload))
        session.add(PendingUpdate(update_id=handled_id, payload=fake_api.pushed[handled_id]))
    greetings_before = len(handled.messages)

    await bot.start()
    await waiting.expect("запросите доступ", timeout=15)
    await asyncio.sleep(0.5)
    assert len(waiting.messages) == 1
    assert len(handled.messages) == greetings_before
    async with bot.session_factory() as session:
        left = await session.scalar(select(func.count()).select_from(PendingUpdate))
        assert left == 0
        assert await session.get(ProcessedUpdate, payload["update_id"]) is not None
