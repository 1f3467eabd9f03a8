"""/help and /cancel, available everywhere."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_dialog import DialogManager

from bot.context import RequestContext
from bot.i18n import Translator


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(help_command, Command("help"))
    router.message.register(cancel, Command("cancel"))
    return router


async def help_command(message: Message, ctx: RequestContext) -> None:
    await message.answer(ctx.i18n("help-text", company=ctx.settings.company.name))


async def cancel(
    message: Message, i18n: Translator, state: FSMContext, dialog_manager: DialogManager
) -> None:
    had_dialog = dialog_manager.has_context()
    had_state = await state.get_state() is not None
    await dialog_manager.reset_stack(remove_keyboard=True)
    await state.clear()
    key = "cancelled" if had_dialog or had_state else "nothing-to-cancel"
    await message.answer(i18n(key))
