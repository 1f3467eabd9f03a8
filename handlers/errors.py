"""Errors: the user gets a short apology, the log gets the details, never the other way round."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(
        stale_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState)
    )
    router.errors.register(unexpected)
    return router


async def stale_dialog(event: ErrorEvent, i18n: Translator) -> None:
    await _tell(event, i18n, "stale-dialog")


async def unexpected(event: ErrorEvent, i18n: Translator) -> None:
    log.error(
        "handler failed",
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
        extra={"update_id": event.update.update_id},
    )
    await _tell(event, i18n, "error-internal")


async def _tell(event: ErrorEvent, i18n: Translator, key: str) -> None:
    inner = event.update.event
    if isinstance(inner, CallbackQuery):
        await inner.answer(i18n.plain(key), show_alert=True)
    elif isinstance(inner, Message):
        await inner.answer(i18n(key))
