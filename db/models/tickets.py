"""Tickets, their append-only history and the versioned definitions they were made with."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, UtcDateTime, utcnow


class Counter(Base):
    """Named counters, e.g. ticket numbers: UPDATE ... RETURNING works on both databases."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class FieldSetVersion(Base):
    """A snapshot of the ticket field definitions; tickets keep the one they were made with."""

    __tablename__ = "field_set_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class WorkflowVersion(Base):
    """A snapshot of the stage definitions; a ticket follows the one it was made with."""

    __tablename__ = "workflow_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # The sweep reads open tickets by deadline. The predicates name no flag column
        # (``stage_warned_at``, ``stage_breached_at``, ``breached_at``), so flagging changes no
        # indexed column and PostgreSQL updates the row in place (HOT, see fillfactor below).
        Index(
            "ix_tickets_open_stage_deadline",
            "stage_deadline_at",
            postgresql_where=text("closed_at IS NULL"),
            sqlite_where=text("closed_at IS NULL"),
        ),
        Index(
            "ix_tickets_open_stage_warn",
            "stage_warn_at",
            postgresql_where=text("closed_at IS NULL"),
            sqlite_where=text("closed_at IS NULL"),
        ),
        Index("ix_tickets_author_id_created_at", "author_id", "created_at"),
        Index("ix_tickets_assignee_id_closed_at", "assignee_id", "closed_at"),
        Index("ix_tickets_created_at", "created_at"),
        Index("ix_tickets_closed_at", "closed_at"),
        # Room on each page for the new version of an updated row (HOT updates).
        {"postgresql_with": {"fillfactor": 90}},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    field_set_version_id: Mapped[int] = mapped_column(ForeignKey("field_set_versions.id"))
    workflow_version_id: Mapped[int] = mapped_column(ForeignKey("workflow_versions.id"))
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Copies of a few values for lists, assignment rules, reports and search.
    subject: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[str | None] = mapped_column(String(100))
    priority: Mapped[str | None] = mapped_column(String(100))
    # The search index (services.tickets.search_index): space-separated tokens with a space
    # at both ends, matched with LIKE on token boundaries.
    search_text: Mapped[str] = mapped_column(Text, default="")
    phone_digits: Mapped[str] = mapped_column(Text, default="", server_default="")

    stage_key: Mapped[str] = mapped_column(String(40))
    stage_entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    stage_deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    stage_warn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    stage_warned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    stage_breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paused_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Whole-ticket limit (e.g. by priority), independent of the stage limits.
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Processing time, stored when the ticket closes (services.tickets.processing).
    processing_calendar_seconds: Mapped[int | None] = mapped_column(Integer)
    processing_working_seconds: Mapped[int | None] = mapped_column(Integer)
    # When its personal data was replaced by placeholders (services.privacy.anonymise).
    anonymised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Optimistic locking: two people acting on one ticket at once cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    field_set: Mapped[FieldSetVersion] = relationship(lazy="joined")
    workflow: Mapped[WorkflowVersion] = relationship(lazy="joined")


class TicketEvent(Base):
    """Append-only history. Reports are computed from it (and from stage visits)."""

    __tablename__ = "ticket_events"
    __table_args__ = (
        Index("ix_ticket_events_ticket_id_id", "ticket_id", "id"),
        Index("ix_ticket_events_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TicketStageVisit(Base):
    """One stay of a ticket in one stage: entered, left, its deadline and whether it was met."""

    __tablename__ = "ticket_stage_visits"
    __table_args__ = (
        Index("ix_ticket_stage_visits_ticket_id_entered_at", "ticket_id", "entered_at"),
        Index("ix_ticket_stage_visits_left_at", "left_at"),
        Index("ix_ticket_stage_visits_stage_key_entered_at", "stage_key", "entered_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    stage_key: Mapped[str] = mapped_column(String(40))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Filled when the visit ends, so reports need no calendar arithmetic in SQL.
    calendar_seconds: Mapped[int | None] = mapped_column(Integer)
    working_seconds: Mapped[int | None] = mapped_column(Integer)
    paused_seconds: Mapped[int | None] = mapped_column(Integer)


class TicketAttachment(Base):
    __tablename__ = "ticket_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_events.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))  # "photo" or "document"
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
