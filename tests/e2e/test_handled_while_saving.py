"""Long polling on PostgreSQL: an update is handled beside the saving of its copy, not after it,
and Telegram is still not told to forget it before the copy is saved."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from db.models import PendingUpdate, ProcessedUpdate, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.work.helpers import add_person, started_bot

pytestmark = pytest.mark.postgres


def _asyncpg_dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


async def test_an_update_is_answered_while_its_copy_cannot_be_saved_yet(
    fake_api: FakeBotAPI, postgres_url: str
) -> None:
    bot = await started_bot(fake_api, postgres_url)
    blocker = await asyncpg.connect(_asyncpg_dsn(postgres_url))
    try:
        await add_person(bot, 930, "Операторова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 930, "Ольга")
        await operator.send("/my")
        await operator.expect("заяв")

        # Saving fetched updates waits behind this lock (a slow disk, a long checkpoint).
        transaction = blocker.transaction()
        await transaction.start()
        await blocker.execute("LOCK TABLE pending_updates IN ACCESS EXCLUSIVE MODE")
        update_id = await operator.send("/new")

        # Answered all the same...
        await operator.expect("<b>Адрес</b>", timeout=5)
        async with bot.session_factory() as session:
            handled = await session.get(ProcessedUpdate, update_id)
        assert handled is not None
        assert handled.status == "handled"
        # ...but Telegram was not told to forget the update: its copy is not saved yet.
        await asyncio.sleep(0.5)
        assert fake_api.confirmed_offset <= update_id

        await transaction.rollback()
        # Once saved, the offset moves past it, and the copy of the handled update is cleared.
        await fake_api.wait_for(lambda: fake_api.confirmed_offset > update_id or None, 10)
        for _ in range(100):
            async with bot.session_factory() as session:
                left = await session.scalar(select(func.count()).select_from(PendingUpdate))
            if left == 0:
                break
            await asyncio.sleep(0.1)
        assert left == 0
    finally:
        await blocker.close()
        await bot.stop()
