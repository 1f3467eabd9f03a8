"""A handler that raises: nothing it did is kept, the person is told once with a code that the
log line carries too, the update is recorded as failed and a redelivery changes nothing."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import AccessRequest, OutgoingMessage, ProcessedUpdate
from services import access, people
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness

CODE = re.compile(r"код ([0-9A-F]{6})")


async def _count(bot: BotHarness, model: Any) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def test_a_failing_button_is_rolled_back_and_explained_once(
    fake_api: FakeBotAPI,
    bot: BotHarness,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    stranger = FakeUser(fake_api, 740, "Лев")
    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")
    outbox_before = await _count(bot, OutgoingMessage)

    original = access.request_access

    async def written_then_broken(session: Any, profile: Any) -> Any:
        await original(session, profile)  # the request row is written, then the code fails
        raise RuntimeError("bug in the access service")

    monkeypatch.setattr(access, "request_access", written_then_broken)
    answer = await stranger.press("🔑 Запросить доступ", greeting)

    assert answer.get("show_alert") == "true"
    match = CODE.search(answer["text"])
    assert match is not None, answer["text"]
    code = match.group(1)
    assert any(getattr(record, "error_code", None) == code for record in caplog.records)
    assert await _count(bot, AccessRequest) == 0
    update_id = max(fake_api.pushed)
    async with bot.session_factory() as session:
        record = await session.get(ProcessedUpdate, update_id)
    assert record is not None
    assert (record.status, record.error_code) == ("failed", code)
    # Only the error answer was queued, none of the handler's own messages.
    assert await _count(bot, OutgoingMessage) == outbox_before + 1

    # Telegram sends the update again: it is not handled again, nobody is told twice.
    monkeypatch.setattr(access, "request_access", original)
    answers = len(fake_api.callback_answers)
    await fake_api.push_update(fake_api.pushed[update_id], update_id=update_id)
    await stranger.send("/help")
    await stranger.expect("/start — Главное меню")
    assert await _count(bot, AccessRequest) == 0
    assert len(fake_api.callback_answers) == answers


async def test_a_failing_message_gets_one_answer_with_a_code(
    fake_api: FakeBotAPI,
    bot: BotHarness,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    original = people.resolve_access

    async def broken_for_one(session: Any, profile: Any, admins: Any, **kwargs: Any) -> Any:
        if profile.telegram_id == 741:
            raise RuntimeError("database hiccup")
        return await original(session, profile, admins, **kwargs)

    monkeypatch.setattr(people, "resolve_access", broken_for_one)
    unlucky, other = FakeUser(fake_api, 741, "Ира"), FakeUser(fake_api, 742, "Оля")
    await unlucky.send("/start")
    notice = await unlucky.expect("Не получилось выполнить действие")
    await other.send("/start")
    await other.expect("запросите доступ")

    match = CODE.search(notice.text)
    assert match is not None
    assert any(getattr(r, "error_code", None) == match.group(1) for r in caplog.records)
    assert [m.text for m in unlucky.messages].count(notice.text) == 1
    assert "Ира" not in caplog.text
