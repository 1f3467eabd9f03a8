"""Text typed while a dialogue shows only buttons (a list, a card, a question to confirm).

aiogram-dialog would send the same screen again without a word; the person gets a hint first,
and the screen comes below it, so that its buttons are at hand.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.api.internal import CONTEXT_KEY

from bot.i18n import Translator
from handlers.common.dialog_routing import dialogs_in


class TextWhereButtonsAreAsked(Filter):
    """An open dialogue whose current window has no input. (aiogram-dialog's manager is an
    inner middleware, so a filter cannot ask it: the windows are found once in the routers.)"""

    def __init__(self) -> None:
        self._buttons_only: frozenset[str] | None = None

    async def __call__(self, event: TelegramObject, event_router: Router, **data: Any) -> bool:
        context = data.get(CONTEXT_KEY)
        if context is None or not isinstance(event, Message) or _is_command(event):
            return False  # /start, /cancel, /help are for their own handlers
        if self._buttons_only is None:
            self._buttons_only = _buttons_only_states(_root(event_router))
        return context.state.state in self._buttons_only


def _is_command(message: Message) -> bool:
    first = message.entities[0] if message.entities else None
    return first is not None and first.type == "bot_command" and first.offset == 0


def _root(router: Router) -> Router:
    while router.parent_router is not None:
        router = router.parent_router
    return router


def _buttons_only_states(root: Router) -> frozenset[str]:
    return frozenset(
        str(state.state)
        for dialog in dialogs_in(root)
        for state, window in dialog.windows.items()
        if isinstance(window, Window) and window.on_message is None
    )


def create_router() -> Router:
    router = Router(name="text-in-menus")
    router.message.register(text_in_menu, F.text, TextWhereButtonsAreAsked())
    return router


async def text_in_menu(message: Message, i18n: Translator, dialog_manager: DialogManager) -> None:
    await message.answer(i18n("dialog-buttons-only"))
    await dialog_manager.show(ShowMode.SEND)
