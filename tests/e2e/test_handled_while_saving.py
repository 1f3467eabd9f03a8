"""Long polling: Telegram is told to forget an update (the next getUpdates' offset) only once
it is kept on this side, handled (its commit recorded it) or saved as a copy. An update handled
within moments is never copied; one that cannot be handled yet is saved first."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from db.models import PendingUpdate, ProcessedUpdate, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.statements import executed
from tests.work.helpers import add_person, started_bot


def _asyncpg_dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


async def _copies_left(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(PendingUpdate)) or 0)


async def test_an_update_handled_at_once_is_confirmed_without_a_copy(
    fake_api: FakeBotAPI, database_url: str
) -> None:
    bot = await started_bot(fake_api, database_url)
    try:
        await add_person(bot, 931, "Операторова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 931, "Ольга")
        await operator.send("/my")
        await operator.expect("заяв")
        with executed(bot) as seen:
            update_id = await operator.send("/new")
            await operator.expect("<b>Адрес</b>")
            await fake_api.wait_for(lambda: fake_api.confirmed_offset > update_id or None, 10)
        copies = [statement for statement in seen if "INSERT INTO pending_updates" in statement]

        async with bot.session_factory() as session:
            handled = await session.get(ProcessedUpdate, update_id)
        assert handled is not None
        assert handled.status == "handled"
        assert copies == []
        assert await _copies_left(bot) == 0
    finally:
        await bot.stop()


@pytest.mark.postgres
async def test_an_update_not_handled_yet_is_saved_before_it_is_confirmed(
    fake_api: FakeBotAPI, postgres_url: str
) -> None:
    bot = await started_bot(fake_api, postgres_url)
    handling_blocker = await asyncpg.connect(_asyncpg_dsn(postgres_url))
    saving_blocker = await asyncpg.connect(_asyncpg_dsn(postgres_url))
    try:
        await add_person(bot, 930, "Операторова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 930, "Ольга")
        await operator.send("/my")
        await operator.expect("заяв")

        # The handling waits behind one lock and the saving of copies behind another (a slow
        # disk, a long checkpoint).
        handling = handling_blocker.transaction()
        await handling.start()
        await handling_blocker.execute("LOCK TABLE processed_updates IN ACCESS EXCLUSIVE MODE")
        saving = saving_blocker.transaction()
        await saving.start()
        await saving_blocker.execute("LOCK TABLE pending_updates IN ACCESS EXCLUSIVE MODE")
        update_id = await operator.send("/new")

        # Neither handled nor saved: Telegram is not told to forget it.
        await asyncio.sleep(0.5)
        assert fake_api.confirmed_offset <= update_id

        # Once the copy can be saved, the offset moves past it, the handling still waiting.
        await saving.rollback()
        await fake_api.wait_for(lambda: fake_api.confirmed_offset > update_id or None, 10)
        assert await _copies_left(bot) == 1
        assert not [m for m in fake_api.chats[930].messages if "<b>Адрес</b>" in m.text]

        # Then it is handled, answered, and its copy cleared.
        await handling.rollback()
        await operator.expect("<b>Адрес</b>", timeout=10)
        for _ in range(100):
            if await _copies_left(bot) == 0:
                break
            await asyncio.sleep(0.1)
        assert await _copies_left(bot) == 0
    finally:
        await handling_blocker.close()
        await saving_blocker.close()
        await bot.stop()
