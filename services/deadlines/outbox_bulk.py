"""Many outbox messages in one statement, skipping dedupe keys that already exist."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.dialect import is_postgres
from db.models import OutgoingMessage


async def enqueue_many(
    session: AsyncSession,
    messages: Sequence[tuple[int, str, str]],
    markups: Sequence[dict[str, Any] | None] = (),
) -> int:
    """``(chat_id, text, dedupe_key)`` rows, with ``markups[i]`` as the i-th message's
    keyboard when given; returns how many were new."""
    if not messages:
        return 0
    now = utcnow()
    table = cast(Table, OutgoingMessage.__table__)
    keyboards = list(markups) or [None] * len(messages)
    if len(keyboards) != len(messages):
        raise ValueError("one markup (or None) per message")
    if is_postgres(session):
        # One statement with four array parameters: fast for thousands of rows.
        chats, texts, keys = (list(column) for column in zip(*messages, strict=True))
        encoded = [json.dumps(k, ensure_ascii=False) if k is not None else None for k in keyboards]
        result = await session.execute(
            text(
                "INSERT INTO outgoing_messages (chat_id, text, dedupe_key, reply_markup,"
                " created_at, next_attempt_at, attempts)"
                " SELECT c, t, k, CAST(r AS json), :now, :now, 0"
                " FROM unnest(CAST(:chats AS bigint[]), CAST(:texts AS text[]),"
                " CAST(:keys AS text[]), CAST(:markups AS text[])) AS m(c, t, k, r)"
                " ON CONFLICT (dedupe_key) DO NOTHING"
            ),
            {"now": now, "chats": chats, "texts": texts, "keys": keys, "markups": encoded},
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = [
        {
            "chat_id": chat_id,
            "text": body,
            "dedupe_key": key,
            "reply_markup": keyboard,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
        }
        for (chat_id, body, key), keyboard in zip(messages, keyboards, strict=True)
    ]
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement, rows)
    return int(result.rowcount)  # type: ignore[attr-defined]
