"""Hands the update's session (opened by the update pipeline) to the handlers.

A handler that raises leaves nothing behind: its writes are rolled back and the replies it
held are dropped before the error handlers run (they may answer with a message of their own).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.pipeline.unit import current_unit
from bot.storage import current_session

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class TransactionMiddleware(BaseMiddleware):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        unit = current_unit.get()
        if unit is None:
            return await self._without_pipeline(handler, event, data)
        data["session"] = unit.session
        try:
            return await handler(event, data)
        except Exception:
            await unit.discard()
            raise

    async def _without_pipeline(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        """aiogram-dialog's own background updates: one transaction, no held replies."""
        async with self._session_factory() as session, session.begin():
            token = current_session.set(session)
            try:
                data["session"] = session
                return await handler(event, data)
            finally:
                current_session.reset(token)
