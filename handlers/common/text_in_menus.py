"""Text typed while a dialogue shows only buttons (a list, a card, a question to confirm).

aiogram-dialog would send the same screen again without a word; the person gets a hint first,
and the screen comes below it, so that its buttons are at hand. (A command typed there is left
to ``commands_in_dialogues``.)
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.internal import CONTEXT_KEY

from bot.i18n import Translator
from handlers.common.dialog_routing import buttons_only_states, command_name


class TextWhereButtonsAreAsked(Filter):
    """An open dialogue whose current window takes no typed input."""

    async def __call__(self, event: TelegramObject, event_router: Router, **data: Any) -> bool:
        context = data.get(CONTEXT_KEY)
        if context is None or not isinstance(event, Message) or command_name(event) is not None:
            return False  # /start, /cancel, /help are for their own handlers
        return context.state.state in buttons_only_states(event_router)


def create_router() -> Router:
    router = Router(name="text-in-menus")
    router.message.register(text_in_menu, F.text, TextWhereButtonsAreAsked())
    return router


async def text_in_menu(message: Message, i18n: Translator, dialog_manager: DialogManager) -> None:
    await message.answer(i18n("dialog-buttons-only"))
    await dialog_manager.show(ShowMode.SEND)
