"""Engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db import postgres, sqlite


class DatabaseUnavailableError(RuntimeError):
    """The database cannot be reached or opened."""


# Execution option of a transaction that only reads: on SQLite it does not take the write lock.
READ_ONLY = sqlite.READ_ONLY


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def safe_url(url: str) -> str:
    """The database URL to show people and logs: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def create_engine(
    url: str, *, echo: bool = False, max_connections: int | None = None
) -> AsyncEngine:
    """``max_connections`` fixes the pool at that many connections, all kept open (tests
    and benchmarks); by default the pool keeps a few and opens more under load. Statement
    parameters (people's names, phones, ticket text) never appear in SQLAlchemy's errors
    or logs."""
    sizing: dict[str, Any] = (
        {"pool_size": max_connections, "max_overflow": 0} if max_connections else {}
    )
    if is_sqlite(url):
        return _create_sqlite_engine(url, echo=echo, sizing=sizing)
    sizing = sizing or {"pool_size": 10, "max_overflow": 10}
    # The connection used last is handed out first: its server process (or aiosqlite's
    # thread) and the CPU caches are warm. A FIFO pool handed each step the connection idle
    # longest, and a step of the form took 1-2 ms longer at the median and p95.
    engine = create_async_engine(url, echo=echo, hide_parameters=True, pool_use_lifo=True, **sizing)
    postgres.configure(engine)  # pings a pooled connection only after it was idle a while
    return engine


def _create_sqlite_engine(url: str, *, echo: bool, sizing: dict[str, Any]) -> AsyncEngine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        echo=echo,
        connect_args={"timeout": 30},
        hide_parameters=True,
        pool_use_lifo=True,  # see create_engine
        **sizing,
    )

    sqlite.configure(engine)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def read_session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session for reading only; on SQLite its transaction leaves the write lock free."""
    async with session_factory() as session:
        await session.connection(execution_options={READ_ONLY: True})
        yield session


async def check_connection(engine: AsyncEngine, wait_seconds: float) -> None:
    try:
        async with asyncio.timeout(wait_seconds), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        raise DatabaseUnavailableError(_describe(exc, engine.url.password)) from exc


def _describe(exc: BaseException, password: str | None) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    line = message[0][:200] if message else type(exc).__name__
    return line.replace(password, "***") if password else line
