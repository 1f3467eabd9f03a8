"""Service plumbing: handled update ids, dialogue state, the outbox of messages to send."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime, utcnow


class ProcessedUpdate(Base):
    """Update ids whose handling committed (or failed for good): a redelivery is skipped."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    # "handled", or "failed": the handler raised; the person was told ``error_code``.
    status: Mapped[str] = mapped_column(String(16), default="handled", server_default="handled")
    error_code: Mapped[str | None] = mapped_column(String(16))


class PendingUpdate(Base):
    """An update fetched by long polling and not finished yet.

    Saved before Telegram is told (by the next getUpdates) that it arrived, and deleted once
    its handling committed (in the delivery recorder's next batch): after a crash, the
    restarted process handles what is left here first, skipping what ``processed_updates``
    shows handled.
    """

    __tablename__ = "pending_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FsmRecord(Base):
    """Dialogue state and data per storage key, so dialogues survive restarts."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class OutgoingMessage(Base):
    """Outbox: written in the transaction that caused it, delivered with retries.

    Two kinds of rows: notifications (``text``, ``reply_markup``, ``attachment``, ``edit_of_id``)
    and a handler's own replies, journaled as Bot API calls (``method`` and ``payload``) in the
    update's transaction and sent right after its commit by the process that handled it.
    """

    __tablename__ = "outgoing_messages"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        Index("ix_outgoing_messages_pending", "sent_at", "failed_at", "next_attempt_at"),
        # The head of each chat's queue: messages to one chat go out in order.
        Index(
            "ix_outgoing_messages_chat_queue",
            "chat_id",
            "id",
            postgresql_where=text("sent_at IS NULL AND failed_at IS NULL"),
            sqlite_where=text("sent_at IS NULL AND failed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    reply_markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(String(200))
    # An edit of an earlier message (its Telegram id is known once that one is sent).
    edit_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_messages.id", ondelete="SET NULL")
    )
    # A photo or document sent with ``text`` as its caption: {"kind": ..., "file_id": ...}.
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # A journaled reply: the Bot API method ("sendMessage", "editMessageText", ...) and its
    # parameters; ``synthetic_id`` is the stand-in message id the handler was given.
    method: Mapped[str | None] = mapped_column(String(40))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    synthetic_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    update_id: Mapped[int | None] = mapped_column(BigInteger)
    # Failures after which Telegram may have delivered the message (timeouts, 5xx).
    ambiguous_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
