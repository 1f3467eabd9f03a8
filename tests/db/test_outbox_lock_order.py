"""Writers of several outbox rows never wait on each other in opposite orders (no deadlock).

Replies held by a process are renewed by its lease keeper while the delivery recorder marks
them sent; both touch the same rows. The recorder locks them in id order, and a renewal skips
a row that is locked at that moment (its sender is about to mark it).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from db import migrate
from db.base import utcnow
from db.engine import create_engine, create_session_factory
from db.models import OutgoingMessage
from services import outbox


async def _leased_rows(factory: Any, count: int) -> list[int]:
    async with factory() as session, session.begin():
        rows = [outbox.enqueue(session, 1000 + i, f"ответ {i}") for i in range(count)]
        for row in rows:
            row.claimed_until = utcnow() + timedelta(seconds=5)
        await session.flush()
        return [row.id for row in rows]


@pytest.mark.postgres
async def test_a_renewal_skips_a_row_being_marked_sent(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    first, second = await _leased_rows(factory, 2)
    later = utcnow() + timedelta(minutes=1)

    async with factory() as marking, marking.begin():
        await outbox.mark_sent_many(marking, {first: 11}, utcnow())  # holds the row's lock
        async with factory() as renewing, renewing.begin():
            await asyncio.wait_for(outbox.renew(renewing, [first, second], later), 5)
    async with factory() as session:
        rows = {
            row.id: row
            for row in await session.scalars(
                select(OutgoingMessage).where(OutgoingMessage.id.in_([first, second]))
            )
        }
    assert rows[first].sent_at is not None
    assert rows[first].claimed_until is None
    assert rows[second].claimed_until is not None
    assert rows[second].claimed_until > utcnow() + timedelta(seconds=outbox.LEASE_SECONDS - 5)
    await engine.dispose()


async def test_deliveries_are_marked_in_id_order(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    ids = await _leased_rows(factory, 3)
    marked: list[int] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith("UPDATE outgoing_messages") and isinstance(parameters, list):
            marked.extend(p[-1] if isinstance(p, tuple) else p["id"] for p in parameters)

    event.listen(engine.sync_engine, "before_cursor_execute", remember)
    async with factory() as session, session.begin():
        sent = {ids[2]: 32, ids[0]: 30, ids[1]: 31}  # as deliveries finished: any order
        await outbox.mark_sent_many(session, sent, utcnow())
    assert marked == sorted(ids)
    async with factory() as session:
        numbers = await session.scalars(
            select(OutgoingMessage.telegram_message_id).order_by(OutgoingMessage.id)
        )
        assert list(numbers) == [30, 31, 32]
    await engine.dispose()
