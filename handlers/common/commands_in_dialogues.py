"""Commands typed inside an open dialogue or input ("/t 1024" while a field is asked) are not
taken as the answer: the person is told to finish or cancel first. /start, /cancel and /help
always work (they are left to their own handlers), and so does any command on a screen that
only shows something (a queue, the staff list, a report's period). A main-menu button pressed
while the ticket form is open is refused the same way."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog.api.internal import CONTEXT_KEY

from bot.i18n import Translator
from bot.views.callbacks import MenuCb
from bot.views.commands import known_command
from handlers.common.dialog_routing import command_name, leaves_nothing
from handlers.tickets.draft import TicketSG

ALWAYS_WORK = frozenset({"start", "cancel", "help"})


class CommandInDialogue(Filter):
    """A bot command (an entity at the very start) sent while a dialogue or input is open."""

    async def __call__(self, event: TelegramObject, state: FSMContext, **data: Any) -> bool:
        command = command_name(event) if isinstance(event, Message) else None
        if command is None or command in ALWAYS_WORK:
            return False
        context = data.get(CONTEXT_KEY)
        if (
            context is not None
            and known_command(command)
            and leaves_nothing(context.state, data["event_router"])
        ):
            return False
        return context is not None or await state.get_state() is not None


class MenuPressInForm(Filter):
    """A main-menu button (of an older menu message) pressed while the ticket form is open:
    it would start something else and drop the typed answers, as a command would."""

    async def __call__(self, callback: CallbackQuery, **data: Any) -> bool:
        context = data.get(CONTEXT_KEY)
        if context is None or context.state.group is not TicketSG:
            return False
        return (callback.data or "").startswith(f"{MenuCb.__prefix__}:")


def create_router() -> Router:
    router = Router(name="dialog-commands")
    router.message.register(command_in_dialogue, CommandInDialogue())
    router.callback_query.register(menu_in_form, MenuPressInForm())
    return router


async def command_in_dialogue(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("dialog-command-blocked"))


async def menu_in_form(callback: CallbackQuery, i18n: Translator) -> None:
    await callback.answer(i18n.plain("dialog-command-blocked"), show_alert=True)
