"""Whatever no other handler took gets an answer, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from db.models import Role


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message)
    router.callback_query.register(unknown_button)
    return router


async def unknown_message(
    message: Message, i18n: Translator, roles: frozenset[Role] = frozenset()
) -> None:
    # A command of the staff (/new, /my, ...) from someone with no role reached nothing
    # because every staff router filters them out: they lack access, the command is fine.
    command = (message.text or "").startswith("/")
    key = "guard-no-access" if command and not roles else "unknown-message"
    await message.answer(i18n(key))


async def unknown_button(
    callback: CallbackQuery, i18n: Translator, roles: frozenset[Role] = frozenset()
) -> None:
    # A stranger's press reached nothing because every staff router filters them out: the
    # button is not stale, they have no access.
    key = "unknown-button" if roles else "guard-no-access"
    await callback.answer(i18n.plain(key), show_alert=True)
