"""Many outbox messages in one statement, skipping dedupe keys that already exist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import OutgoingMessage


async def enqueue_many(session: AsyncSession, messages: Sequence[tuple[int, str, str]]) -> int:
    """``(chat_id, text, dedupe_key)`` rows; returns how many were new."""
    if not messages:
        return 0
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "chat_id": chat_id,
            "text": text,
            "dedupe_key": key,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
        }
        for chat_id, text, key in messages
    ]
    table = OutgoingMessage.__table__
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(rows).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement.returning(table.c.id))
    return len(result.all())
