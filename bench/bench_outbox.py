"""The outbox under Telegram's rate limits: 1,000 messages to 100 chats.

The fake Bot API (the one the tests use) answers 429 beyond Telegram's limits: about one
message a second per chat, 20 a minute per group, 30 a second in all. The service's outbox
sender (the real one, with its pacing) delivers a backlog of 1,000 messages, 10 to each of 100
chats, from SQLite and from PostgreSQL. Target: at least 27 messages a second, no 429.

Run: .venv/bin/python bench/bench_outbox.py [messages] [chats]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from contextlib import AbstractAsyncContextManager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake Bot API lives in tests/

from bot.app import create_bot  # noqa: E402
from bot.delivery.leases import LeaseKeeper  # noqa: E402
from bot.delivery.sender import OutboxSender  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import create_engine, create_session_factory  # noqa: E402
from services import outbox  # noqa: E402
from tests.databases import fresh_postgres, pg_available  # noqa: E402
from tests.fakes.bot_api import FakeBotAPI  # noqa: E402
from tests.harness import make_settings  # noqa: E402

FIRST_CHAT = 70_001


async def _run(url: str, messages: int, chats: int) -> None:
    api = FakeBotAPI()
    await api.start()
    api.enforce_rate_limits()
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        for number in range(messages):
            chat = FIRST_CHAT + number % chats
            outbox.enqueue(session, chat, f"Уведомление {number + 1}")
    settings = make_settings(api_base=api.base_url, database_url=url)
    bot = create_bot(settings)
    leases = LeaseKeeper(factory)
    sender = OutboxSender(bot, factory, leases)
    stop = asyncio.Event()
    began = time.perf_counter()
    tasks = [asyncio.create_task(sender.run(stop)), asyncio.create_task(leases.run(stop))]

    def delivered() -> int:
        return sum(len(api.chats[FIRST_CHAT + c].messages) for c in range(chats))

    await api.wait_for(lambda: delivered() >= messages, timeout=messages)
    seconds = time.perf_counter() - began
    stop.set()
    await asyncio.gather(*tasks)
    in_order = all(
        [m.text for m in api.chats[FIRST_CHAT + c].messages]
        == [f"Уведомление {n + 1}" for n in range(c, messages, chats)]
        for c in range(chats)
    )
    print(
        f"  {messages} messages to {chats} chats in {seconds:.1f} s:"
        f" {messages / seconds:.1f} messages/s, 429 answers provoked: {api.rate_limited},"
        f" copies: {delivered() - messages}, each chat in order: {in_order}"
    )
    await bot.session.close()
    await engine.dispose()
    await api.stop()


def _postgres() -> AbstractAsyncContextManager[str]:
    return fresh_postgres("helpdesk_bench_outbox")


async def main(messages: int, chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite:")
        await _run(f"sqlite+aiosqlite:///{Path(tmp) / 'outbox.sqlite3'}", messages, chats)
    if await pg_available():
        async with _postgres() as url:
            print("PostgreSQL:")
            await _run(url, messages, chats)
    else:
        print("PostgreSQL not reachable: skipped")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [1000, 100][len(arguments) :])))
