"""Fresh PostgreSQL databases for tests and benchmarks (created empty, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

PG_DSN = os.environ.get("HELPDESK_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


async def pg_available(dsn: str = PG_DSN) -> bool:
    try:
        connection = await asyncpg.connect(dsn, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


@asynccontextmanager
async def fresh_postgres(prefix: str, dsn: str = PG_DSN) -> AsyncIterator[str]:
    """The SQLAlchemy URL of a new empty database, dropped (forcibly) on the way out."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        admin = await asyncpg.connect(dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
