"""Edited messages: the bot acts on what was sent, not on later corrections, so a person who
edits a message is told so instead of being silently ignored. Nothing is read from the edit
and no dialogue state changes."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import Message
from aiogram_dialog.api.entities import DEFAULT_STACK_ID

from bot.context import RequestContext
from handlers.tickets.draft import TicketSG


def create_router() -> Router:
    router = Router(name="edits")
    # The bot works in private chats only (see ``handlers``), edits included.
    router.edited_message.filter(F.chat.type == "private")
    router.edited_message.register(on_edited)
    return router


async def on_edited(
    message: Message, ctx: RequestContext, state: FSMContext, fsm_storage: BaseStorage
) -> None:
    if not ctx.roles:
        await message.answer(ctx.i18n("guard-no-access"))
        return
    if await state.get_state() is not None:
        await message.answer(ctx.i18n("guard-edit-in-dialogue"))
        return
    dialogue = await _open_dialogue_state(fsm_storage, ctx.bot.id, message.chat.id)
    if dialogue is None:
        await message.answer(ctx.i18n("guard-edit-outside"))
    elif dialogue.startswith(f"{TicketSG.__full_group_name__}:"):
        await message.answer(ctx.i18n("guard-edit-in-ticket-dialogue"))
    else:
        await message.answer(ctx.i18n("guard-edit-in-dialogue"))


async def _open_dialogue_state(storage: BaseStorage, bot_id: int, chat_id: int) -> str | None:
    """The state of the aiogram-dialog dialogue open in this private chat, or None.

    aiogram-dialog loads its stack only for the update kinds it handles (not edits), so it is
    read here, without locking or saving, from the records it keeps: the stack names the top
    dialogue's context, which holds its state."""
    stack = await storage.get_data(_dialogue_key(bot_id, chat_id, f"stack:{DEFAULT_STACK_ID}"))
    intents = stack.get("intents") or []
    if not intents:
        return None
    context = await storage.get_data(_dialogue_key(bot_id, chat_id, f"context:{intents[-1]}"))
    return str(context.get("state") or "")


def _dialogue_key(bot_id: int, chat_id: int, record: str) -> StorageKey:
    # In a private chat aiogram-dialog keys its records by the chat for both chat and user.
    return StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=chat_id, destiny=f"aiogd:{record}")
