"""An update's id is recorded as handled first, in the update's own transaction: a second
process given the same update at the same moment (a webhook retried to another process) waits
for the first one and skips it, instead of running the handler a second time."""

from __future__ import annotations

import asyncio
import time

from aiogram import Dispatcher
from aiogram.types import Message, Update
from sqlalchemy import select

from bot.app import Runtime, build_runtime
from bot.i18n import get_translator
from bot.middlewares.transaction import TransactionMiddleware
from bot.pipeline.locks import PersonLocks
from bot.pipeline.pipeline import UpdatePipeline
from db import migrate
from db.models import ProcessedUpdate
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import make_settings

UPDATE_ID = 5_000


def _pipeline(runtime: Runtime, dispatcher: Dispatcher) -> UpdatePipeline:
    """What one process runs, with its own person locks (no Redis between them)."""
    return UpdatePipeline(
        dispatcher=dispatcher,
        bot=runtime.bot,
        reply_bot=runtime.delivery_bot,
        session_factory=runtime.session_factory,
        locks=PersonLocks(),
        leases=runtime.leases,
        recorder=runtime.recorder,
        i18n=get_translator("ru"),
        on_outbox_written=lambda: None,
    )


async def test_the_same_update_in_two_processes_at_once_is_handled_once(
    fake_api: FakeBotAPI, database_url: str
) -> None:
    settings = make_settings(api_base=fake_api.base_url, database_url=database_url)
    first, second = build_runtime(settings), build_runtime(settings)
    await migrate.upgrade(first.engine)
    runs: list[str] = []
    inside = asyncio.Event()
    finish = asyncio.Event()

    def dispatcher_of(name: str, runtime: Runtime) -> Dispatcher:
        dispatcher = Dispatcher()
        dispatcher.update.outer_middleware(TransactionMiddleware(runtime.session_factory))

        async def handler(message: Message) -> None:
            runs.append(name)
            await message.answer(f"Принято ({name})")
            inside.set()
            await finish.wait()  # the transaction stays open meanwhile

        dispatcher.message.register(handler)
        return dispatcher

    update = Update.model_validate(
        {
            "update_id": UPDATE_ID,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": 700, "type": "private"},
                "from": {"id": 700, "is_bot": False, "first_name": "Ира"},
                "text": "привет",
            },
        },
        context={"bot": first.bot},
    )
    try:
        one = asyncio.create_task(_pipeline(first, dispatcher_of("one", first)).process(update))
        await asyncio.wait_for(inside.wait(), 10)
        two = asyncio.create_task(_pipeline(second, dispatcher_of("two", second)).process(update))
        await asyncio.sleep(0.5)
        assert runs == ["one"]  # the second process waits for the first one's transaction
        finish.set()
        assert await asyncio.wait_for(asyncio.gather(one, two), 10) == [True, True]
    finally:
        finish.set()
        await first.close()
        await second.close()

    assert runs == ["one"]
    assert [call.params["text"] for call in fake_api.calls_of("sendMessage")] == ["Принято (one)"]
    check = build_runtime(settings)
    try:
        async with check.session_factory() as session:
            recorded = await session.scalars(select(ProcessedUpdate.update_id))
            assert list(recorded) == [UPDATE_ID]
    finally:
        await check.close()
