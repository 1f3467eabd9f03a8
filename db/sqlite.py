"""SQLite set-up: WAL, foreign keys, and one writer at a time, queued in the process.

SQLite lets one transaction write at a time. Waiting for the write lock inside SQLite means
its busy handler, which sleeps in growing steps (up to 100 ms) and wakes whoever happens to
retry first: under load, a queue of writers turns into latency spikes of a second. Writers
of this process therefore queue on an asyncio lock first (first come, first served, woken the
moment the lock is free), and only then take SQLite's lock with ``BEGIN IMMEDIATE``; the
busy handler is left for other processes (the command line, a second bot by mistake).

Read-only transactions (``READ_ONLY`` execution option) start with a plain ``BEGIN`` and take
no lock at all: in WAL mode readers never wait for the writer.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

READ_ONLY = "helpdesk_read_only"
# A writer that waits longer than this for the process's queue gives up with an error.
GATE_WAIT_SECONDS = 60.0
_HOLDS_GATE = "helpdesk_holds_write_gate"


class WriteGate:
    """The queue of this process's writers (one asyncio lock per engine)."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    def enter(self) -> None:
        """Called inside SQLAlchemy's greenlet: waits on the event loop without blocking it."""
        await_only(asyncio.wait_for(self._lock.acquire(), GATE_WAIT_SECONDS))

    def leave(self) -> None:
        if self._lock.locked():
            self._lock.release()


def configure(engine: AsyncEngine) -> WriteGate:
    gate = WriteGate()
    sync_engine = engine.sync_engine

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
        gate.enter()
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
