"""SQLite set-up: statements make one trip to aiosqlite's thread and still answer everything a
driver must (rows, counts, new ids, errors)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import PendingUpdate, ProcessedUpdate


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
