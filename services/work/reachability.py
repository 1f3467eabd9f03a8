"""People the bot cannot reach: the outbox marked a message to them blocked (HTTP 403).

Nothing extra is stored: a person is unreachable while the newest finished message to their
chat failed as blocked. One "episode" of being unreachable starts at the first blocked
message after the last delivered one; managers are told once per episode (its id is in the
dedupe key), so a person who unblocks the bot and blocks it again is reported again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutgoingMessage, Person

BLOCKED: Final = "blocked by the user"  # OutgoingMessage.error written by the sender


async def person_of_chat(session: AsyncSession, chat_id: int) -> Person | None:
    return await session.scalar(select(Person).where(Person.telegram_id == chat_id))


async def episode_start(session: AsyncSession, chat_id: int, failed_id: int) -> int:
    """The first blocked message to ``chat_id`` since the last delivered one (up to
    ``failed_id``): the same number for every failure of one episode."""
    last_sent = await session.scalar(
        select(func.max(OutgoingMessage.id)).where(
            OutgoingMessage.chat_id == chat_id,
            OutgoingMessage.sent_at.is_not(None),
            OutgoingMessage.id < failed_id,
        )
    )
    first = await session.scalar(
        select(func.min(OutgoingMessage.id)).where(
            OutgoingMessage.chat_id == chat_id,
            OutgoingMessage.error == BLOCKED,
            OutgoingMessage.id > (last_sent or 0),
            OutgoingMessage.id <= failed_id,
        )
    )
    return int(first or failed_id)


async def unreachable(session: AsyncSession, people: Iterable[Person]) -> set[int]:
    """Ids of those people whose newest finished message failed as blocked."""
    by_chat = {p.telegram_id: p.id for p in people if p.telegram_id is not None}
    if not by_chat:
        return set()
    newest = (
        select(OutgoingMessage.chat_id, func.max(OutgoingMessage.id).label("last_id"))
        .where(
            OutgoingMessage.chat_id.in_(by_chat),
            (OutgoingMessage.sent_at.is_not(None)) | (OutgoingMessage.error == BLOCKED),
        )
        .group_by(OutgoingMessage.chat_id)
        .subquery()
    )
    rows = await session.scalars(
        select(OutgoingMessage.chat_id)
        .join(newest, newest.c.last_id == OutgoingMessage.id)
        .where(OutgoingMessage.error == BLOCKED)
    )
    return {by_chat[chat_id] for chat_id in rows}
