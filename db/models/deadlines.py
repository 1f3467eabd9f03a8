"""Deadline escalations, scheduled report runs and files carried by the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime, utcnow
from db.models.tickets import Ticket

# Sweep index on the tickets table, declared here by the deadlines feature: whole-ticket
# limits of open tickets (the predicate names no flag column, see db.models.tickets).
Index(
    "ix_tickets_open_deadline",
    Ticket.deadline_at,
    postgresql_where=text("closed_at IS NULL"),
    sqlite_where=text("closed_at IS NULL"),
)


class DeadlineEscalation(Base):
    """One escalation step taken for one breach; the unique key makes each step happen once."""

    __tablename__ = "deadline_escalations"
    __table_args__ = (UniqueConstraint("ticket_id", "breached_at", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    breached_at: Mapped[datetime] = mapped_column(UtcDateTime)
    step: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReportRun(Base):
    """A scheduled report claimed for one period: the unique key makes it go out once."""

    __tablename__ = "report_runs"
    __table_args__ = (UniqueConstraint("schedule", "period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[datetime] = mapped_column(UtcDateTime)
    period_end: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutgoingFile(Base):
    """A document or photo sent with an outbox message (its text becomes the caption)."""

    __tablename__ = "outgoing_files"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("outgoing_messages.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "document" or "photo"
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
