"""Only one process runs a scheduled job at a time.

On PostgreSQL a job takes a transaction-level advisory lock; a process that does not get it
skips the run. On SQLite the service runs as a single process, so there is nothing to share.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.locks import lock_id


@asynccontextmanager
async def exclusive_run(session: AsyncSession, job_name: str) -> AsyncIterator[bool]:
    """Yields True when this process may run the job now (inside the session's transaction)."""
    if session.bind.dialect.name != "postgresql":
        yield True
        return
    acquired = await session.scalar(
        text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": lock_id(job_name)}
    )
    yield bool(acquired)
