"""Updates fetched by long polling and not finished yet, kept until they are handled.

Telegram forgets an update once a later getUpdates asks for a higher offset; saving the
fetched batch first means that a crash at any moment loses nothing: the restarted process
handles what is left here before it asks Telegram for more.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.dialect import insert
from db.models import PendingUpdate


async def save(session: AsyncSession, updates: Sequence[dict[str, Any]]) -> None:
    """Keep the updates (a redelivered one is already there)."""
    if updates:
        rows = [{"update_id": u["update_id"], "payload": u} for u in updates]
        await session.execute(insert(session, PendingUpdate).values(rows).on_conflict_do_nothing())


async def left_over(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.scalars(select(PendingUpdate.payload).order_by(PendingUpdate.update_id))
    return list(rows)


async def done_many(session: AsyncSession, update_ids: Collection[int]) -> None:
    if update_ids:
        await session.execute(
            delete(PendingUpdate).where(PendingUpdate.update_id.in_(sorted(update_ids)))
        )
