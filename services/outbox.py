"""Messages the bot must send, stored in the same transaction as the change that caused them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import OutgoingMessage

_WRITTEN_FLAG = "outbox_written"
CLAIM_SECONDS = 60


def enqueue(
    session: AsyncSession,
    chat_id: int,
    text: str,
    reply_markup: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    edit_of: int | None = None,
    attachment: dict[str, str] | None = None,
) -> OutgoingMessage:
    """Queue a message; ``edit_of`` (an outbox id) edits that message instead of sending,
    ``attachment`` ({"kind": "photo" or "document", "file_id": ...}) sends a file captioned
    with ``text``."""
    message = OutgoingMessage(
        chat_id=chat_id,
        text=text,
        reply_markup=reply_markup,
        dedupe_key=dedupe_key,
        edit_of_id=edit_of,
        attachment=attachment,
    )
    session.add(message)
    session.info[_WRITTEN_FLAG] = True
    return message


def was_written(session: AsyncSession) -> bool:
    return bool(session.info.pop(_WRITTEN_FLAG, False))


async def claim_due(session: AsyncSession, limit: int, now: datetime | None = None) -> list[int]:
    """Take a lease on due messages so that parallel processes do not send them twice."""
    now = now or utcnow()
    candidates = (
        await session.scalars(
            select(OutgoingMessage.id)
            .where(
                OutgoingMessage.sent_at.is_(None),
                OutgoingMessage.failed_at.is_(None),
                OutgoingMessage.next_attempt_at <= now,
                or_(OutgoingMessage.claimed_until.is_(None), OutgoingMessage.claimed_until < now),
            )
            .order_by(OutgoingMessage.id)
            .limit(limit)
        )
    ).all()
    claimed: list[int] = []
    for message_id in candidates:
        result = await session.execute(
            update(OutgoingMessage)
            .where(
                OutgoingMessage.id == message_id,
                or_(OutgoingMessage.claimed_until.is_(None), OutgoingMessage.claimed_until < now),
            )
            .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        )
        if result.rowcount:  # type: ignore[attr-defined]
            claimed.append(message_id)
    return claimed


async def mark_sent(session: AsyncSession, message_id: int, telegram_message_id: int) -> None:
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id)
        .values(sent_at=utcnow(), telegram_message_id=telegram_message_id, claimed_until=None)
    )


async def mark_failed(session: AsyncSession, message_id: int, reason: str) -> None:
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id)
        .values(failed_at=utcnow(), error=reason[:200], claimed_until=None)
    )


async def postpone(session: AsyncSession, message_id: int, delay: timedelta, reason: str) -> None:
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id)
        .values(
            next_attempt_at=utcnow() + delay,
            attempts=OutgoingMessage.attempts + 1,
            error=reason[:200],
            claimed_until=None,
        )
    )


async def next_due_at(session: AsyncSession) -> datetime | None:
    return await session.scalar(
        select(OutgoingMessage.next_attempt_at)
        .where(OutgoingMessage.sent_at.is_(None), OutgoingMessage.failed_at.is_(None))
        .order_by(OutgoingMessage.next_attempt_at)
        .limit(1)
    )
