"""Expected errors get a helpful answer; unexpected ones go to the update pipeline, which
records the failure and tells the person with an error code."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator
from db.models import Role


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(
        stale_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState)
    )
    return router


async def stale_dialog(
    event: ErrorEvent, i18n: Translator, roles: frozenset[Role] = frozenset()
) -> None:
    inner = event.update.event
    key = "stale-dialog" if roles else "guard-no-access"
    if isinstance(inner, CallbackQuery):
        await inner.answer(i18n.plain(key), show_alert=True)
    elif isinstance(inner, Message):
        await inner.answer(i18n(key))
