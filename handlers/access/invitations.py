"""Onboarding: ``/start <token>`` links the account; admins get invitation links."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_dialog import DialogManager

from bot.context import RequestContext
from bot.filters import HasRole
from bot.middlewares.person import profile_of
from bot.views import menu as keyboards
from bot.views.callbacks import MenuCb
from bot.views.commands import apply_commands
from bot.views.names import role_list, short_name
from db.models import Person, Role
from handlers.access import start
from services import audit, invitations, outbox, people, staff_export
from services.invitations import LinkOutcome

log = logging.getLogger(__name__)

INVITE_ALL_GO = "invite_all_go"
MENU_INSTEAD = frozenset({LinkOutcome.INVALID, LinkOutcome.ALREADY_YOURS})
INVITE_ALL_KEEP = "invite_all_keep"


def create_router() -> Router:
    """Registered before the plain /start: only ``/start <payload>`` reaches it."""
    router = Router(name="staff-invite")
    router.message.register(start_with_token, CommandStart(deep_link=True))
    admin = Router(name="staff-invite-admin")
    admin.callback_query.filter(HasRole(Role.ADMIN))
    admin.callback_query.register(invite_all_menu, MenuCb.filter(F.item == "invite_all"))
    admin.callback_query.register(invite_all_go, MenuCb.filter(F.item == INVITE_ALL_GO))
    admin.callback_query.register(invite_all_keep, MenuCb.filter(F.item == INVITE_ALL_KEEP))
    router.include_router(admin)
    return router


async def start_with_token(
    message: Message,
    command: CommandObject,
    ctx: RequestContext,
    dialog_manager: DialogManager,
    state: FSMContext,
) -> None:
    assert message.from_user is not None
    token = (command.args or "").strip()
    link = await invitations.redeem(ctx.session, token, profile_of(message.from_user))
    if link.outcome in MENU_INSTEAD and ctx.person is not None and ctx.roles:
        # Somebody already at work who opened an old or mangled link: /start, not a riddle.
        await start.start(message, ctx, dialog_manager, state)
        return
    if link.outcome is not LinkOutcome.LINKED or link.person is None:
        log.info("invitation refused", extra={"outcome": link.outcome.value})
        await message.answer(ctx.i18n(f"staff-invite-{link.outcome.value.replace('_', '-')}"))
        return
    person = link.person
    log.info("invitation used", extra={"person_id": person.id})
    await _tell_inviter(ctx, link.created_by_id, short_name(person))
    now_roles = frozenset(person.role_set | ctx.roles)
    await apply_commands(ctx.bot, ctx.i18n, message.chat.id, now_roles)
    await message.answer(
        ctx.i18n(
            "staff-invite-linked", name=person.full_name, roles=role_list(ctx.i18n, now_roles)
        ),
        reply_markup=keyboards.main_menu(ctx.i18n, now_roles),
    )


async def _tell_inviter(ctx: RequestContext, creator_id: int | None, name: str) -> None:
    """The admin who issued the link (or every admin, if that one is gone) hears it was used."""
    creator = await ctx.session.get(Person, creator_id) if creator_id is not None else None
    if creator is not None and creator.is_active and creator.telegram_id is not None:
        chat_ids = [creator.telegram_id]
    else:
        chat_ids = await people.admin_chat_ids(ctx.session, frozenset(ctx.settings.access.admins))
    text = ctx.i18n("dayone-invite-used", name=name)
    for chat_id in chat_ids:
        outbox.enqueue(ctx.session, chat_id, text)


async def invite_all_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await send_all_links(callback.message, ctx)


async def invite_all_go(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)
        await send_all_links(callback.message, ctx, confirmed=True)


async def invite_all_keep(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("dayone-invite-all-kept"))


async def send_all_links(message: Message, ctx: RequestContext, *, confirmed: bool = False) -> None:
    live = await invitations.live_links_for_unlinked(ctx.session)
    if live and not confirmed:
        # New links void the ones already sent: people holding them would be locked out.
        builder = InlineKeyboardBuilder()
        builder.button(
            text=ctx.i18n.plain("dayone-btn-invite-all-go"),
            callback_data=MenuCb(item=INVITE_ALL_GO),
        )
        builder.button(
            text=ctx.i18n.plain("btn-cancel"), callback_data=MenuCb(item=INVITE_ALL_KEEP)
        )
        await message.answer(
            ctx.i18n("dayone-invite-all-confirm", count=live), reply_markup=builder.as_markup()
        )
        return
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
    await audit.record(
        ctx.session,
        ctx.actor,
        audit.AuditAction.EXPORTED,
        details={"what": "invitation_links", "rows": len(rows)},
    )
    log.info("invitations issued", extra={"person_id": ctx.member.id, "count": len(issued)})
    await message.answer_document(
        BufferedInputFile(data, ctx.i18n.plain("staff-links-filename")),
        caption=ctx.i18n("staff-invite-all-caption", count=len(issued), days=days),
    )
