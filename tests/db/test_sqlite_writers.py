"""SQLite set-up: statements make one trip to aiosqlite's thread and still answer everything a
driver must (rows, counts, new ids, errors); writers queue in the process, first come first
served, and the saving of fetched updates goes before the writers already waiting."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.util import greenlet_spawn

from db import migrate
from db.engine import create_engine, create_session_factory, read_session
from db.models import PendingUpdate, ProcessedUpdate
from db.sqlite import WRITE_FIRST, WriteGate


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls handed to aiosqlite's thread, by name."""
    made: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any) -> Any:
        made.append(getattr(fn, "__name__", "?"))
        return await original(self, fn, *args)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return made


async def test_a_statement_is_one_trip_to_the_database_thread(
    engine: AsyncEngine, trips: list[str]
) -> None:
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        await session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE, then the statement
        trips.clear()
        found = await session.scalar(
            select(ProcessedUpdate.update_id).where(ProcessedUpdate.update_id == 1)
        )
        session.add(ProcessedUpdate(update_id=1, status="handled"))
        await session.flush()
        assert found is None
        assert len(trips) == 2, trips


async def test_rows_counts_and_new_ids_come_back(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        rows = [{"update_id": n, "payload": {"n": n}} for n in range(1, 501)]
        await session.execute(insert(PendingUpdate), rows)  # executemany
        returned = await session.scalars(
            insert(ProcessedUpdate)
            .values([{"update_id": n, "status": "handled"} for n in (7, 8, 9)])
            .returning(ProcessedUpdate.update_id)
        )
        assert sorted(returned) == [7, 8, 9]
        changed = await session.execute(
            update(PendingUpdate).where(PendingUpdate.update_id > 450).values(payload={})
        )
        assert changed.rowcount == 50  # type: ignore[attr-defined]
        removed = await session.execute(delete(PendingUpdate).where(PendingUpdate.update_id < 11))
        assert removed.rowcount == 10  # type: ignore[attr-defined]
        payloads = list(await session.scalars(select(PendingUpdate.payload)))
    assert len(payloads) == 490
    assert {"n": 11} in payloads

    async with engine.connect() as connection:
        result = await connection.exec_driver_sql(
            "INSERT INTO processed_updates (update_id, processed_at, status) "
            "VALUES (42, '2026-01-01 00:00:00', 'handled')"
        )
        rowid = await connection.scalar(
            text("SELECT rowid FROM processed_updates WHERE update_id = 42")
        )
        assert result.lastrowid == rowid
        await connection.commit()


async def test_a_failed_statement_leaves_the_connection_usable(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as session:
        session.add(ProcessedUpdate(update_id=5, status="handled"))
        await session.commit()
        session.add(ProcessedUpdate(update_id=5, status="handled"))
        with pytest.raises(IntegrityError):
            await session.commit()
        await session.rollback()
        session.add(ProcessedUpdate(update_id=6, status="failed"))
        await session.commit()
        count = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    assert count == 2


async def _writer(
    factory: async_sessionmaker[AsyncSession],
    update_id: int,
    order: list[int],
    *,
    first: bool = False,
) -> None:
    async with factory() as session, session.begin():
        if first:
            await session.connection(execution_options={WRITE_FIRST: True})
        session.add(ProcessedUpdate(update_id=update_id, status="handled"))
        await session.flush()
        order.append(update_id)


async def _until_waiting(tasks: list[asyncio.Task[None]]) -> None:
    await asyncio.sleep(0.1)  # each writer gets as far as the queue
    assert not any(task.done() for task in tasks)


async def _open_connections(factory: async_sessionmaker[AsyncSession], count: int) -> None:
    """The pool opens its connections now, so that a writer reaches the queue at once."""
    opened = 0
    all_open = asyncio.Event()

    async def reader() -> None:
        nonlocal opened
        async with read_session(factory) as session:
            await session.execute(text("SELECT 1"))
            opened += 1
            if opened == count:
                all_open.set()
            await all_open.wait()

    await asyncio.gather(*(reader() for _ in range(count)))


async def test_writers_take_turns_and_the_urgent_one_goes_first(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    await _open_connections(factory, 5)
    order: list[int] = []
    async with factory() as holder, holder.begin():
        holder.add(ProcessedUpdate(update_id=100, status="handled"))
        await holder.flush()  # holds SQLite's write lock and the process's queue
        waiting: list[asyncio.Task[None]] = []
        for update_id in (1, 2, 3):
            waiting.append(asyncio.create_task(_writer(factory, update_id, order)))
            await _until_waiting(waiting)
        waiting.append(asyncio.create_task(_writer(factory, 4, order, first=True)))
        await _until_waiting(waiting)
    await asyncio.gather(*waiting)
    assert order == [4, 1, 2, 3]


async def test_a_writer_that_gives_up_waiting_does_not_hold_up_the_others(
    engine: AsyncEngine,
) -> None:
    factory = create_session_factory(engine)
    await _open_connections(factory, 3)
    order: list[int] = []
    async with factory() as holder, holder.begin():
        holder.add(ProcessedUpdate(update_id=100, status="handled"))
        await holder.flush()
        impatient = asyncio.create_task(_writer(factory, 1, order))
        patient = asyncio.create_task(_writer(factory, 2, order))
        await _until_waiting([impatient, patient])
        impatient.cancel()
        with pytest.raises(asyncio.CancelledError):
            await impatient
    await asyncio.wait_for(patient, 10)
    assert order == [2]
    async with factory() as session:  # and the queue is free again
        await _writer(factory, 3, order)
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 3


async def test_a_writer_that_asks_as_the_holder_leaves_gets_the_turn() -> None:
    gate = WriteGate()
    await greenlet_spawn(gate.enter)
    second = asyncio.create_task(greenlet_spawn(gate.enter))
    await asyncio.sleep(0)  # the second writer has asked; the holder leaves right after
    gate.leave()
    await asyncio.wait_for(second, 5)
    third = asyncio.create_task(greenlet_spawn(gate.enter, first=True))
    await asyncio.sleep(0.05)
    assert not third.done()  # the second one holds the gate now
    gate.leave()
    await asyncio.wait_for(third, 5)


async def test_many_writers_at_once_all_get_their_turn(engine: AsyncEngine) -> None:
    """Writers that arrive while another is finishing are never forgotten in the queue."""
    factory = create_session_factory(engine)
    order: list[int] = []

    async def writes(base: int) -> None:
        for n in range(25):
            await _writer(factory, base + n, order, first=n % 5 == 0)

    await asyncio.wait_for(asyncio.gather(*(writes(1000 * k) for k in range(1, 9))), 60)
    assert len(order) == 200
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 200
