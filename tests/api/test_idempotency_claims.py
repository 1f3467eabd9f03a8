"""Two transactions claiming one Idempotency-Key at once (two processes): one claims it, the
other waits for it and gets its row; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import ApiIdempotencyKey, Person
from services.api.keys import create_key
from services.api.tickets import claim_idempotency_key


async def test_one_claim_wins_and_the_other_finds_it(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        factory = create_session_factory(engine)
        async with factory() as session, session.begin():
            person = Person(last_name="АТС")
            session.add(person)
            await session.flush()
            key_id = (
                await create_key(session, name="k", scopes=["create"], created_by_id=person.id)
            ).key.id

        first_claimed = asyncio.Event()
        release = asyncio.Event()

        async def first() -> ApiIdempotencyKey | None:
            async with factory() as session, session.begin():
                found = await claim_idempotency_key(session, key_id, "call-1", "hash-a")
                first_claimed.set()
                await release.wait()
                return found

        async def second() -> ApiIdempotencyKey | None:
            await first_claimed.wait()
            async with factory() as session, session.begin():
                return await claim_idempotency_key(session, key_id, "call-1", "hash-b")

        one = asyncio.create_task(first())
        two = asyncio.create_task(second())
        await first_claimed.wait()
        await asyncio.sleep(0.2)  # the second is now waiting for the first's transaction
        assert not two.done()
        release.set()
        assert await one is None  # claimed
        row = await asyncio.wait_for(two, 10)
        assert row is not None
        assert row.request_hash == "hash-a"
        async with factory() as session:
            count = await session.scalar(select(func.count()).select_from(ApiIdempotencyKey))
        assert count == 1
    finally:
        await engine.dispose()
