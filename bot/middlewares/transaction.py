"""One database transaction per update; a redelivered update id is skipped."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from aiogram_dialog.api.entities import DialogUpdate
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import current_session
from db.models import ProcessedUpdate
from services import outbox

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class TransactionMiddleware(BaseMiddleware):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        on_outbox_written: Callable[[], None],
    ) -> None:
        self._session_factory = session_factory
        self._on_outbox_written = on_outbox_written

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        async with self._session_factory() as session:
            # aiogram-dialog's own background updates carry no Telegram update id.
            is_telegram_update = not isinstance(event, DialogUpdate)
            if is_telegram_update and not await _claim_update(session, event.update_id):
                log.info("update already handled, skipped", extra={"update_id": event.update_id})
                await session.rollback()
                return UNHANDLED
            token = current_session.set(session)
            try:
                data["session"] = session
                result = await handler(event, data)
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
            finally:
                current_session.reset(token)
        if outbox.was_written(session):
            self._on_outbox_written()
        return result


async def _claim_update(session: AsyncSession, update_id: int) -> bool:
    """Record the update id in this transaction; False if an earlier handling committed it."""
    if await session.get(ProcessedUpdate, update_id) is not None:
        return False
    session.add(ProcessedUpdate(update_id=update_id))
    try:
        await session.flush()
    except IntegrityError:
        return False
    return True
