"""Many outbox messages in one statement, skipping dedupe keys that already exist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.dialect import is_postgres
from db.models import OutgoingMessage


async def enqueue_many(session: AsyncSession, messages: Sequence[tuple[int, str, str]]) -> int:
    """``(chat_id, text, dedupe_key)`` rows; returns how many were new."""
    if not messages:
        return 0
    now = utcnow()
    table = cast(Table, OutgoingMessage.__table__)
    if is_postgres(session):
        # One statement with three array parameters: fast for thousands of rows.
        chats, texts, keys = (list(column) for column in zip(*messages, strict=True))
        result = await session.execute(
            text(
                "INSERT INTO outgoing_messages (chat_id, text, dedupe_key, created_at,"
                " next_attempt_at, attempts)"
                " SELECT c, t, k, :now, :now, 0"
                " FROM unnest(CAST(:chats AS bigint[]), CAST(:texts AS text[]),"
                " CAST(:keys AS text[])) AS m(c, t, k)"
                " ON CONFLICT (dedupe_key) DO NOTHING"
            ),
            {"now": now, "chats": chats, "texts": texts, "keys": keys},
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = [
        {
            "chat_id": chat_id,
            "text": body,
            "dedupe_key": key,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
        }
        for chat_id, body, key in messages
    ]
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement, rows)
    return int(result.rowcount)  # type: ignore[attr-defined]
