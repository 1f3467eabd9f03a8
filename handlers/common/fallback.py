"""Whatever no other handler took gets an answer, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message)
    router.callback_query.register(unknown_button)
    return router


async def unknown_message(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("unknown-message"))


async def unknown_button(callback: CallbackQuery, i18n: Translator) -> None:
    await callback.answer(i18n.plain("unknown-button"), show_alert=True)
