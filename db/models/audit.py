"""The audit log: who did what with personal data and settings, and with what result.

Append-only: the application inserts rows and never updates them; only the audit log's own
retention purge deletes rows (migration 0010 adds the guards).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_actor_id_at", "actor_id", "at"),
        Index("ix_audit_log_ticket_number_at", "ticket_number", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # No foreign keys: an entry must never change because a person or a ticket did.
    actor_kind: Mapped[str] = mapped_column(String(16))  # person | api_key | system
    actor_id: Mapped[int | None] = mapped_column(Integer)  # people.id or api key id
    actor_roles: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(String(16), default="ok")  # ok | denied | failed
    ticket_number: Mapped[int | None] = mapped_column(Integer)
    subject_person_id: Mapped[int | None] = mapped_column(Integer)
    # Ids, counts and setting names only: never a personal-data value (erasure cannot reach it).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditPurgePermit(Base):
    """The audit log's retention purge holds one row here inside its own transaction (inserted
    first, deleted before the commit): the database's guard lets DELETEs on ``audit_log``
    through only then. No other code writes this table."""

    __tablename__ = "audit_purge_permits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
