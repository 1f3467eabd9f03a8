"""The privacy notice (152-ФЗ): «✅ Принимаю», and the access list admins download."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import RequestContext
from bot.filters import HasRole
from bot.views.callbacks import MenuCb
from bot.views.menu import menu_message
from bot.views.privacy import NoticeCb, notice_for_staff
from db.models import ROLE_ORDER, Role
from services.audit import AuditAction, record
from services.privacy import access_list, notice

ACCESS_LIST_COLUMNS = ("name", "position", "role", "granted", "revoked", "granted-by")


def create_router() -> Router:
    router = Router(name="privacy")
    router.callback_query.register(on_accept, NoticeCb.filter())
    admin = HasRole(Role.ADMIN)
    router.message.register(access_list_command, Command("access_list"), admin)
    router.callback_query.register(
        access_list_button, MenuCb.filter(F.item == "access_list"), admin
    )
    return router


async def needs_acceptance(ctx: RequestContext) -> bool:
    """Whether this staff member has yet to accept the current notice."""
    if not ctx.settings.privacy.require_acceptance or ctx.person is None or not ctx.roles:
        return False
    version = ctx.settings.privacy.notice_version
    return not await notice.has_accepted(ctx.session, ctx.person.id, version)


async def send_notice(message: Message, ctx: RequestContext) -> None:
    text, markup = notice_for_staff(ctx.i18n, ctx.settings)
    await message.answer(text, reply_markup=markup)


async def on_accept(callback: CallbackQuery, callback_data: NoticeCb, ctx: RequestContext) -> None:
    if ctx.person is None or not ctx.roles or not isinstance(callback.message, Message):
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    version = ctx.settings.privacy.notice_version
    if callback_data.v != notice.version_tag(version):
        # The notice changed since this one was shown: the new one is to be read first.
        await callback.answer(ctx.i18n.plain("privacy-notice-changed"), show_alert=True)
        await send_notice(callback.message, ctx)
        return
    await notice.accept(ctx.session, ctx.person.id, ctx.roles, version)
    await callback.answer(ctx.i18n.plain("privacy-accepted"))
    await callback.message.edit_reply_markup(reply_markup=None)
    text, markup = menu_message(ctx.i18n, ctx.member, ctx.roles)
    await callback.message.answer(text, reply_markup=markup)


async def access_list_command(message: Message, ctx: RequestContext) -> None:
    await _send_access_list(message, ctx)


async def access_list_button(callback: CallbackQuery, ctx: RequestContext) -> None:
    if Role.ADMIN not in ctx.roles or not isinstance(callback.message, Message):
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await callback.answer()
    await _send_access_list(callback.message, ctx)


async def _send_access_list(message: Message, ctx: RequestContext) -> None:
    periods = await access_list.access_periods(ctx.session)
    headers = [ctx.i18n.plain(f"privacy-access-col-{column}") for column in ACCESS_LIST_COLUMNS]
    role_names = {role.value: ctx.i18n.plain(f"role-{role.value}") for role in ROLE_ORDER}
    content = access_list.access_list_xlsx(
        periods,
        headers,
        role_names,
        ctx.settings.company.tz,
        ctx.i18n.plain("privacy-access-nobody"),
    )
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.EXPORTED,
        details={"what": "access_list", "rows": len(periods)},
    )
    people = len({period.person_id for period in periods})
    await message.answer_document(
        BufferedInputFile(content, ctx.i18n.plain("privacy-access-filename")),
        caption=ctx.i18n("privacy-access-caption", people=people, rows=len(periods)),
    )
