"""Onboarding: ``/start <token>`` links the account; admins get invitation links."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import RequestContext
from bot.filters import HasRole
from bot.middlewares.person import profile_of
from bot.views import menu as keyboards
from bot.views.callbacks import MenuCb
from bot.views.commands import apply_commands
from bot.views.names import role_list
from db.models import Role
from services import invitations, staff_export
from services.invitations import LinkOutcome

log = logging.getLogger(__name__)


def create_router() -> Router:
    """Registered before the plain /start: only ``/start <payload>`` reaches it."""
    router = Router(name="staff-invite")
    router.message.register(start_with_token, CommandStart(deep_link=True))
    admin = Router(name="staff-invite-admin")
    admin.callback_query.filter(HasRole(Role.ADMIN))
    admin.callback_query.register(invite_all_menu, MenuCb.filter(F.item == "invite_all"))
    router.include_router(admin)
    return router


async def start_with_token(message: Message, command: CommandObject, ctx: RequestContext) -> None:
    assert message.from_user is not None
    token = (command.args or "").strip()
    link = await invitations.redeem(ctx.session, token, profile_of(message.from_user))
    if link.outcome is not LinkOutcome.LINKED or link.person is None:
        log.info("invitation refused", extra={"outcome": link.outcome.value})
        await message.answer(ctx.i18n(f"staff-invite-{link.outcome.value.replace('_', '-')}"))
        return
    person = link.person
    log.info("invitation used", extra={"person_id": person.id})
    now_roles = frozenset(person.role_set | ctx.roles)
    await apply_commands(ctx.bot, ctx.i18n, message.chat.id, now_roles)
    await message.answer(
        ctx.i18n(
            "staff-invite-linked", name=person.full_name, roles=role_list(ctx.i18n, now_roles)
        ),
        reply_markup=keyboards.main_menu(ctx.i18n, now_roles),
    )


async def invite_all_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await send_all_links(callback.message, ctx)


async def send_all_links(message: Message, ctx: RequestContext) -> None:
    days = ctx.settings.staff.invitation_days
    issued = await invitations.issue_for_unlinked(ctx.session, ctx.member, days)
    if not issued:
        await message.answer(ctx.i18n("staff-invite-all-none"))
        return
    username = (await ctx.bot.me()).username or ""
    titles = [ctx.i18n.plain(f"staff-links-col-{name}") for name in ("name", "position", "link")]
    rows = [
        (i.person.full_name, i.person.position, invitations.link_url(username, i.token))
        for i in issued
    ]
    data = staff_export.links_workbook(titles, rows, ctx.i18n.plain("staff-links-sheet"))
    log.info("invitations issued", extra={"person_id": ctx.member.id, "count": len(issued)})
    await message.answer_document(
        BufferedInputFile(data, ctx.i18n.plain("staff-links-filename")),
        caption=ctx.i18n("staff-invite-all-caption", count=len(issued), days=days),
    )
