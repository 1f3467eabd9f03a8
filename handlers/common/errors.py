"""Expected errors get a helpful answer; unexpected ones go to the update pipeline, which
records the failure and tells the person with an error code."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator
from bot.views.callbacks import ForgedButtonError
from db.models import Role


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(
        stale_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState)
    )
    router.errors.register(forged_button, ExceptionTypeFilter(ForgedButtonError))
    return router


async def stale_dialog(
    event: ErrorEvent, i18n: Translator, roles: frozenset[Role] = frozenset()
) -> None:
    await _tell(event, i18n, "stale-dialog" if roles else "guard-no-access")


async def forged_button(
    event: ErrorEvent, i18n: Translator, roles: frozenset[Role] = frozenset()
) -> None:
    """Button data that no button of the bot carries: the same answer as an unknown one."""
    await _tell(event, i18n, "unknown-button" if roles else "guard-no-access")


async def _tell(event: ErrorEvent, i18n: Translator, key: str) -> None:
    inner = event.update.event
    if isinstance(inner, CallbackQuery):
        await inner.answer(i18n.plain(key), show_alert=True)
    elif isinstance(inner, Message):
        await inner.answer(i18n(key))
