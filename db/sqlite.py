"""SQLite set-up: WAL, foreign keys, and one writer at a time, queued in the process.

SQLite lets one transaction write at a time. Waiting for the write lock inside SQLite means
its busy handler, which sleeps in growing steps (up to 100 ms) and wakes whoever happens to
retry first: under load, a queue of writers turns into latency spikes of a second. Writers
of this process therefore queue on an asyncio lock first (first come, first served, woken the
moment the lock is free), and only then take SQLite's lock with ``BEGIN IMMEDIATE``; the
busy handler is left for other processes (the command line, a second bot by mistake).

Read-only transactions (``READ_ONLY`` execution option) start with a plain ``BEGIN`` and take
no lock at all: in WAL mode readers never wait for the writer.

Statements still run in aiosqlite's thread, so that a slow one never blocks the event loop,
but each in one trip there and back (see ``OneTripConnection``). The update pipeline's own
statements, which touch a row or two by key (the update's claim, the dialogue state, the
sender's record, the reply journal), run at once on the event loop's thread instead
(``point_statements``): the hand-over to the thread and back costs more than such a statement,
and on a busy machine each hand-over waits for a CPU. ``BEGIN`` and ``COMMIT`` always go to
the thread (a lock held by another process, a checkpoint).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

READ_ONLY = "helpdesk_read_only"
# Execution option of a short writer that everybody else waits for (saving fetched updates):
# it goes before the writers already waiting.
WRITE_FIRST = "helpdesk_write_first"
# A writer that waits longer than this for the process's queue gives up with an error.
GATE_WAIT_SECONDS = 60.0
_HOLDS_GATE = "helpdesk_holds_write_gate"
_POINT_STATEMENTS: ContextVar[bool] = ContextVar("helpdesk_point_statements", default=False)


@contextmanager
def point_statements() -> Iterator[None]:
    """Statements made in here read or write a few rows by key: on SQLite they run on the
    event loop's thread. Never around a query whose cost grows with the data."""
    token = _POINT_STATEMENTS.set(True)
    try:
        yield
    finally:
        _POINT_STATEMENTS.reset(token)


class WriteGate:
    """The queue of this process's writers (one per engine): first come, first served, except
    that a writer marked ``WRITE_FIRST`` goes before those waiting."""

    def __init__(self) -> None:
        self._held = False
        self._first: deque[asyncio.Future[None]] = deque()
        self._waiting: deque[asyncio.Future[None]] = deque()

    def enter(self, *, first: bool = False) -> None:
        """Called inside SQLAlchemy's greenlet: waits on the event loop without blocking it."""
        if not self._held and not self._first and not self._waiting:
            self._held = True
            return
        # In the queue before anything is awaited: the holder may leave in the meantime.
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._first if first else self._waiting
        queue.append(turn)
        try:
            await_only(asyncio.wait_for(turn, GATE_WAIT_SECONDS))
        except BaseException:
            if turn.done() and not turn.cancelled():
                self.leave()  # handed over just as the wait ended: pass it on
            elif turn in queue:
                queue.remove(turn)
            raise

    def leave(self) -> None:
        for queue in (self._first, self._waiting):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # the gate stays held, by the next writer
                    return
        self._held = False


class OneTripCursor:
    """An aiosqlite cursor that executes, fetches every row and closes in one trip.

    aiosqlite sends each cursor call to its thread and waits for the answer: creating the
    cursor, executing, fetching and closing are four trips per statement, and each trip is a
    thread hand-over plus a wake-up of the event loop (about as costly as the statement
    itself). Here the statement runs and its rows are read in one call; the cursor only hands
    them out. No server-side cursors are used, so nothing is left unread.
    """

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Any = None) -> OneTripCursor:
        return await self._run(sql, lambda cursor: cursor.execute(sql, parameters or ()))

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> OneTripCursor:
        return await self._run(sql, lambda cursor: cursor.executemany(sql, parameters))

    async def _run(self, sql: str, call: Any) -> OneTripCursor:
        def run() -> tuple[list[Any], Any, int, int | None]:
            cursor = self._connection.raw.cursor()
            try:
                call(cursor)
                rows = cursor.fetchall() if cursor.description else []
                return rows, cursor.description, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        if _POINT_STATEMENTS.get() and sql.lstrip()[:5].upper() not in ("BEGIN", "COMMI"):
            found = run()  # see point_statements
        else:
            found = await self._connection.in_thread(run)
        self._rows, self.description, self.rowcount, self.lastrowid = found
        return self

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        size = self.arraysize if size is None else size
        taken, self._rows = self._rows[:size], self._rows[size:]
        return taken

    async def fetchall(self) -> Sequence[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        self._rows = []

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None


class OneTripConnection(aiosqlite.Connection):
    """aiosqlite's connection whose cursors make one trip per statement."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    @property
    def raw(self) -> sqlite3.Connection:
        return self._conn

    async def in_thread(self, function: Any) -> Any:
        return await self._execute(function)


def _one_trip_connect(database: str, **kwargs: Any) -> OneTripConnection:
    # Point statements run on the event loop's thread, one at a time with the others (a
    # connection serves one transaction, statement after statement).
    kwargs["check_same_thread"] = False
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), 64)
    connection._thread.daemon = True  # as SQLAlchemy does: never keeps the process alive
    return connection


def configure(engine: AsyncEngine) -> WriteGate:
    gate = WriteGate()
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "do_connect")
    def _one_trip_statements(_dialect: Any, _record: Any, _cargs: Any, cparams: Any) -> None:
        # SQLAlchemy's aiosqlite adapter calls this instead of ``aiosqlite.connect``.
        cparams["async_creator_fn"] = _one_trip_connect

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (see below) instead of the driver's lazy one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
            return
        # A deferred transaction that reads and then writes fails with "database is locked"
        # when another writer got in between; a writer takes the lock up front instead.
        gate.enter(first=bool(connection.get_execution_options().get(WRITE_FIRST)))
        connection.info[_HOLDS_GATE] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _let_go(connection, gate)
            raise

    @event.listens_for(sync_engine, "commit")
    def _on_commit(connection: Connection) -> None:
        # Finish the transaction here, so that the next writer is let in only after it.
        _finish(connection, gate, commit=True)

    @event.listens_for(sync_engine, "rollback")
    def _on_rollback(connection: Connection) -> None:
        _finish(connection, gate, commit=False)

    @event.listens_for(sync_engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        # A connection handed back without commit or rollback (an error, a cancellation).
        if record.info.pop(_HOLDS_GATE, False):
            gate.leave()

    return gate


def _finish(connection: Connection, gate: WriteGate, *, commit: bool) -> None:
    if connection.invalidated or connection.closed:
        return  # the pool's checkin lets the gate go
    record = connection.connection
    if not record.info.get(_HOLDS_GATE):
        return
    try:
        if commit:
            record.dbapi_connection.commit()  # type: ignore[union-attr]
        else:
            record.dbapi_connection.rollback()  # type: ignore[union-attr]
    finally:
        _let_go(connection, gate)


def _let_go(connection: Connection, gate: WriteGate) -> None:
    info = connection.info if not connection.invalidated else {}
    if info.pop(_HOLDS_GATE, False):
        gate.leave()
