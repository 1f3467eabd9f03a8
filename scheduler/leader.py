"""Only one process runs a scheduled job at a time.

On PostgreSQL a job takes a transaction-level advisory lock; a process that does not get it
skips the run. The lock belongs to the job's transaction, so a process that dies frees it at
once. On SQLite the service runs as a single process, so there is nothing to share. Each run
that goes ahead is logged with the process id, which shows who ran what and when.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.dialect import is_postgres
from db.locks import lock_id

log = logging.getLogger(__name__)


@asynccontextmanager
async def exclusive_run(session: AsyncSession, job_name: str) -> AsyncIterator[bool]:
    """Yields True when this process may run the job now (inside the session's transaction)."""
    if not is_postgres(session):
        acquired = True
    else:
        acquired = bool(
            await session.scalar(
                text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": lock_id(job_name)}
            )
        )
    if not acquired:
        yield False
        return
    log.info("job started", extra={"job": job_name, "pid": os.getpid()})
    try:
        yield True
    finally:
        log.info("job finished", extra={"job": job_name, "pid": os.getpid()})
