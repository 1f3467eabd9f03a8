"""/help and /cancel, available everywhere."""

from __future__ import annotations

import html

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_dialog import DialogManager

from bot.context import RequestContext
from bot.i18n import Markup
from bot.views.commands import commands_for
from bot.views.menu import menu_message
from handlers.common.closing import close_open


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(help_command, Command("help"))
    router.message.register(cancel, Command("cancel"))
    return router


async def help_command(message: Message, ctx: RequestContext) -> None:
    lines = [
        f"/{name} — {html.escape(ctx.i18n.plain(f'cmd-{name}'), quote=False)}"
        for name in commands_for(ctx.roles)
    ]
    text = ctx.i18n(
        "help-text", company=ctx.settings.company.name, commands=Markup("\n".join(lines))
    )
    if not ctx.roles and ctx.settings.company.contact_text:
        text += "\n\n" + ctx.i18n("dayone-start-contact", contact=ctx.settings.company.contact_text)
    await message.answer(text)


async def cancel(
    message: Message, ctx: RequestContext, state: FSMContext, dialog_manager: DialogManager
) -> None:
    closed = await close_open(dialog_manager, state)
    plain = ctx.i18n("cancelled" if closed.anything else "nothing-to-cancel")
    text = closed.told(ctx.i18n) or plain
    if not closed.anything or ctx.person is None or not ctx.roles:
        await message.answer(text)
        return
    # Not a dead end: the menu comes with the confirmation.
    menu_text, markup = menu_message(ctx.i18n, ctx.person, ctx.roles)
    await message.answer(f"{text}\n\n{menu_text}", reply_markup=markup)
