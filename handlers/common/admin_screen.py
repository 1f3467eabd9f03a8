"""An admins-only screen opened by a command and a main-menu item (/board, /retention): the
router pair every such screen repeats.

``admin_screen_router`` returns the feature's router and its admins' part: the command and the
menu item send ``screen(ctx)`` to admins; anyone else known to the bot who types the command
or presses one of the screen's buttons is told ``refusal_key``. The admins' part filters on
``HasRole(Role.ADMIN)``, read from the database on every update; the caller registers the
screen's buttons on it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.context import RequestContext
from bot.filters import HasRole, IsKnown
from bot.views.callbacks import MenuCb
from db.models import Role

Screen = Callable[[RequestContext], Awaitable[tuple[str, InlineKeyboardMarkup]]]


def admin_screen_router(
    name: str,
    *,
    command: str,
    menu_item: str,
    buttons: type[CallbackData],
    screen: Screen,
    refusal_key: str,
) -> tuple[Router, Router]:
    """(the feature's router, its admins' part to register the buttons on)."""

    async def open_command(message: Message, ctx: RequestContext) -> None:
        text, markup = await screen(ctx)
        await message.answer(text, reply_markup=markup)

    async def open_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            text, markup = await screen(ctx)
            await callback.message.answer(text, reply_markup=markup)

    async def not_admin(message: Message, ctx: RequestContext) -> None:
        await message.answer(ctx.i18n(refusal_key))

    async def not_admin_button(callback: CallbackQuery, ctx: RequestContext) -> None:
        await callback.answer(ctx.i18n.plain(refusal_key), show_alert=True)

    router = Router(name=name)
    admins = Router(name=f"{name}-admins")
    admins.message.filter(HasRole(Role.ADMIN))
    admins.callback_query.filter(HasRole(Role.ADMIN))
    admins.message.register(open_command, Command(command))
    admins.callback_query.register(open_menu, MenuCb.filter(F.item == menu_item))
    others = Router(name=f"{name}-others")
    others.message.filter(IsKnown())
    others.message.register(not_admin, Command(command))
    others.callback_query.register(not_admin_button, buttons.filter())
    router.include_routers(admins, others)
    return router, admins


async def close_screen(callback: CallbackQuery) -> None:
    """«Закрыть»: the screen's buttons go, its text stays."""
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)
