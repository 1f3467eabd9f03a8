"""Workflow runtime state: the round-robin cursor and the messages offering a ticket."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime, utcnow


class AssignmentCursor(Base):
    """Who was auto-assigned last, per rotation (a category or ``*``), across restarts."""

    __tablename__ = "assignment_cursors"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_person_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class TicketOffer(Base):
    """A message that offers a ticket to someone (pool "take", manager "assign").

    When the offer is settled, the messages still showing its buttons are edited
    through the outbox (``outbox_id`` knows the Telegram message id once sent).
    """

    __tablename__ = "ticket_offers"
    __table_args__ = (Index("ix_ticket_offers_ticket_id_kind", "ticket_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # "pool" or "assign"
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
