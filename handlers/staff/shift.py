"""Executors mark themselves on or off shift; automatic assignment respects it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.filters import HasRole
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, ShiftCb
from db.models import Role
from services import staff


def create_router() -> Router:
    router = Router(name="staff-shift")
    router.message.filter(HasRole(Role.EXECUTOR))
    router.callback_query.filter(HasRole(Role.EXECUTOR))
    router.message.register(show_command, Command("shift"))
    router.callback_query.register(show_menu, MenuCb.filter(F.item == "shift"))
    router.callback_query.register(toggle, ShiftCb.filter(F.action == "toggle"))
    return router


def _status(i18n: Translator, available: bool) -> tuple[str, InlineKeyboardMarkup]:
    state = "yes" if available else "no"
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.plain("staff-shift-toggle", available=state),
        callback_data=ShiftCb(action="toggle"),
    )
    return i18n("staff-shift-status", available=state), builder.as_markup()


async def show_command(message: Message, ctx: RequestContext) -> None:
    text, markup = _status(ctx.i18n, ctx.member.is_available)
    await message.answer(text, reply_markup=markup)


async def show_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        text, markup = _status(ctx.i18n, ctx.member.is_available)
        await callback.message.answer(text, reply_markup=markup)


async def toggle(callback: CallbackQuery, ctx: RequestContext) -> None:
    available = await staff.toggle_available(ctx.session, ctx.member.id)
    if available is None:
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        text, markup = _status(ctx.i18n, available)
        await callback.message.edit_text(text, reply_markup=markup)
