"""Helpers for the personal-data tests: reading what the database holds, polling for it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import select

from db.models import AuditEntry
from tests.harness import BotHarness

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]], ok: Callable[[T], bool], timeout: float = 10.0
) -> T:
    """Poll ``probe`` until ``ok`` (the answer is sent before the commit is seen elsewhere)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if ok(value) or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.02)


async def audit_entries(bot: BotHarness, action: str) -> list[AuditEntry]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return list(rows)


def details(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    return [dict(entry.details) for entry in entries]
