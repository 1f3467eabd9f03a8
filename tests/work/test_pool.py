"""Pool mode through the fake Bot API: three executors are offered a ticket, all press
"Take" at once, one gets it and the others' messages change to "already taken (name)"."""

from __future__ import annotations

import asyncio

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.work.helpers import add_person, create_ticket, events, ticket_row


async def test_pool_first_take_wins(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        workflow={"assignment": {"mode": "pool"}},
    )
    bot = BotHarness(settings)
    await bot.start()
    try:
        ids = [301, 302, 303]
        for tid in ids:
            await add_person(bot, tid, f"Исп{tid}", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        users = [FakeUser(fake_api, tid, "И") for tid in ids]
        ticket_id = await create_ticket(bot, author_id)
        offers = [await u.expect("Новая заявка — возьмите её") for u in users]
        answers = await asyncio.gather(
            *(u.press("✋ Взять", m) for u, m in zip(users, offers, strict=True))
        )
        winners = [a for a in answers if "ваша" in a.get("text", "")]
        assert len(winners) == 1
        ticket = await ticket_row(bot, ticket_id)
        assert ticket.stage_key == "in_progress"
        losers = [u for u, a in zip(users, answers, strict=True) if a not in winners]
        for loser in losers:
            edited = await loser.expect("уже взята (Исп")
            assert edited.buttons == []
        assert [e.kind for e in await events(bot, ticket_id)].count("assigned") == 1
    finally:
        await bot.stop()
