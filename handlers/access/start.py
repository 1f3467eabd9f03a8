"""/start: the main menu for known people, a way to ask for access for everyone else."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager

from bot.context import RequestContext
from bot.views import menu as keyboards
from bot.views.callbacks import MenuCb
from bot.views.commands import apply_commands
from bot.views.formatting import format_moment
from bot.views.privacy import notice_for_stranger
from handlers.access import privacy
from handlers.common.closing import close_open
from services import access


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    router.callback_query.register(home, MenuCb.filter(F.item == "home"))
    router.callback_query.register(admin_tools, MenuCb.filter(F.item == keyboards.ADMIN_TOOLS))
    return router


async def start(
    message: Message, ctx: RequestContext, dialog_manager: DialogManager, state: FSMContext
) -> None:
    closed = await close_open(dialog_manager, state)
    await apply_commands(ctx.bot, ctx.i18n, message.chat.id, ctx.roles)
    if ctx.roles and ctx.person is not None:
        if await privacy.needs_acceptance(ctx):
            await privacy.send_notice(message, ctx)
            return
        await send_menu(message, ctx, before=closed.told(ctx.i18n))
        return
    if await access.pending_for(ctx.session, message.chat.id) is not None:
        await message.answer(ctx.i18n("start-request-pending"))
        return
    retry_at = await access.cooldown_until(
        ctx.session, message.chat.id, ctx.settings.access.cooldown
    )
    if retry_at is not None:  # no button that would only be refused
        at = format_moment(retry_at, ctx.settings.company.tz)
        await message.answer(ctx.i18n("hardening-access-cooldown", at=at))
        return
    text = ctx.i18n("start-unknown", company=ctx.settings.company.name)
    # The privacy notice (152-ФЗ) before the contact, which stays right above the button.
    text += "\n\n" + notice_for_stranger(ctx.i18n, ctx.settings)
    if ctx.settings.company.contact_text:
        # A resident who found the bot learns where to call: the bot is for staff.
        text += "\n\n" + ctx.i18n("dayone-start-contact", contact=ctx.settings.company.contact_text)
    await message.answer(text, reply_markup=keyboards.request_access(ctx.i18n))


async def home(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if ctx.person is None or not ctx.roles or not isinstance(callback.message, Message):
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await send_menu(callback.message, ctx)


async def admin_tools(callback: CallbackQuery, ctx: RequestContext) -> None:
    """The admins' tools (integrations, the board, personal data), one level below the menu."""
    markup = keyboards.main_menu(ctx.i18n, ctx.roles, group="admin")
    if ctx.person is None or not keyboards.has_admin_tools(ctx.roles) or markup is None:
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(ctx.i18n("menu-admin-tools-title"), reply_markup=markup)


async def send_menu(message: Message, ctx: RequestContext, *, before: str | None = None) -> None:
    text, markup = keyboards.menu_message(ctx.i18n, ctx.member, ctx.roles)
    await message.answer(f"{before}\n\n{text}" if before else text, reply_markup=markup)
