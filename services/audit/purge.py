"""The audit log's own retention: entries older than ``[retention] audit_log_days`` go.

The only code that deletes audit entries. The database refuses a DELETE on ``audit_log``
unless a row of ``audit_purge_permits`` exists (migration 0010's guards): the purge inserts
one, deletes, and removes the permit again, all in the caller's transaction, so no other
transaction ever sees it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import AuditEntry, AuditPurgePermit


async def purge_expired(session: AsyncSession, older_than: datetime) -> int:
    """Delete the entries recorded before ``older_than``; returns how many went."""
    permit = await session.execute(
        insert(AuditPurgePermit).values(granted_at=utcnow()).returning(AuditPurgePermit.id)
    )
    permit_id = permit.scalar_one()
    try:
        deleted = await session.execute(delete(AuditEntry).where(AuditEntry.at < older_than))
    finally:
        await session.execute(delete(AuditPurgePermit).where(AuditPurgePermit.id == permit_id))
    return int(deleted.rowcount or 0)  # type: ignore[attr-defined]
