"""Commands typed inside an open dialogue or input ("/t 1024" while a field is asked) are not
taken as the answer: the person is told to finish or cancel first. /start, /cancel and /help
always work (they are left to their own handlers)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject
from aiogram_dialog.api.internal import CONTEXT_KEY

from bot.i18n import Translator
from handlers.tickets.search import SearchSG

ALWAYS_WORK = frozenset({"start", "cancel", "help"})
# Dialogues that only show something (search results, opened by any typed address): nothing
# would be lost, so a command leaves them for its own handler instead of being refused.
BROWSING_STATES = frozenset({SearchSG.query})


class CommandInDialogue(Filter):
    """A bot command (an entity at the very start) sent while a dialogue or input is open."""

    async def __call__(self, event: TelegramObject, state: FSMContext, **data: Any) -> bool:
        if not isinstance(event, Message) or not event.text or not event.entities:
            return False
        first = event.entities[0]
        if first.type != "bot_command" or first.offset != 0:
            return False
        command = event.text[1 : first.length].split("@")[0]
        if command in ALWAYS_WORK:
            return False
        context = data.get(CONTEXT_KEY)
        if context is not None and context.state in BROWSING_STATES:
            return False
        return context is not None or await state.get_state() is not None


def create_router() -> Router:
    router = Router(name="dialog-commands")
    router.message.register(command_in_dialogue, CommandInDialogue())
    return router


async def command_in_dialogue(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("dialog-command-blocked"))
