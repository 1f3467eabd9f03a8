"""Access requests: an unknown user asks, admins approve (choosing roles) or reject."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, StartMode

from bot.context import RequestContext
from bot.filters import HasRole
from bot.i18n import Translator
from bot.middlewares.person import profile_of
from bot.views import menu as keyboards
from bot.views.callbacks import AccessCb, MenuCb
from bot.views.formatting import format_moment
from bot.views.names import username_or_dash
from db.models import AccessRequest, AccessRequestStatus, Role
from handlers.access.approval import ApprovalSG, create_approval_dialog
from services import access, outbox, people


def create_router() -> Router:
    router = Router(name="access")
    router.callback_query.register(request_access, AccessCb.filter(F.action == "request"))
    admin = Router(name="access-admin")
    admin.message.filter(HasRole(Role.ADMIN))
    admin.callback_query.filter(HasRole(Role.ADMIN))
    admin.callback_query.register(approve, AccessCb.filter(F.action == "approve"))
    admin.callback_query.register(reject, AccessCb.filter(F.action == "reject"))
    admin.message.register(list_requests_command, Command("requests"))
    admin.callback_query.register(list_requests_menu, MenuCb.filter(F.item == "requests"))
    admin.include_router(create_approval_dialog())
    router.include_router(admin)
    return router


async def request_access(callback: CallbackQuery, ctx: RequestContext) -> None:
    if ctx.roles:
        await callback.answer(ctx.i18n.plain("start-request-pending"), show_alert=False)
        return
    asked = await access.ask_for_access(
        ctx.session, profile_of(callback.from_user), cooldown=ctx.settings.access.cooldown
    )
    request = asked.request
    if asked.outcome is not access.AskOutcome.CREATED or request is None:
        # Nobody is told again: the admins heard of the pending request when it was made.
        key, args = refusal_of(asked, ctx.settings.company.tz)
        await callback.answer(ctx.i18n.plain(key, **args), show_alert=True)
        if isinstance(callback.message, Message):
            await callback.message.edit_text(ctx.i18n(key, **args))
        return
    text = _request_text(ctx.i18n, request)
    markup = keyboards.access_decision(ctx.i18n, request.id).model_dump(exclude_none=True)
    for chat_id in await people.admin_chat_ids(ctx.session, frozenset(ctx.settings.access.admins)):
        outbox.enqueue(ctx.session, chat_id, text, markup, dedupe_key=f"acc:{request.id}:{chat_id}")
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("access-requested"))


def refusal_of(asked: access.AccessAsk, tz: ZoneInfo) -> tuple[str, dict[str, str]]:
    """Why no request was made: one is pending, or a rejection is too recent."""
    if asked.outcome is access.AskOutcome.COOLING_DOWN:
        return "hardening-access-cooldown", {"at": format_moment(asked.retry_at, tz)}
    return "hardening-access-already-pending", {}


async def approve(
    callback: CallbackQuery,
    callback_data: AccessCb,
    ctx: RequestContext,
    dialog_manager: DialogManager,
) -> None:
    request = await ctx.session.get(AccessRequest, callback_data.request_id)
    if request is None or request.status != AccessRequestStatus.PENDING:
        await callback.answer(
            _undecidable_text(ctx.i18n, callback_data.request_id, request), show_alert=True
        )
        return
    await callback.answer()
    await dialog_manager.start(
        ApprovalSG.roles, data={"request_id": request.id}, mode=StartMode.RESET_STACK
    )


async def reject(callback: CallbackQuery, callback_data: AccessCb, ctx: RequestContext) -> None:
    decision = await access.reject(ctx.session, callback_data.request_id, ctx.member)
    if decision.outcome is not access.DecisionOutcome.DONE or decision.request is None:
        await callback.answer(
            _undecidable_text(ctx.i18n, callback_data.request_id, decision.request), show_alert=True
        )
        return
    outbox.enqueue(ctx.session, decision.request.telegram_id, ctx.i18n("access-rejected-user"))
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("access-rejected-admin", id=decision.request.id))


async def list_requests_command(message: Message, ctx: RequestContext) -> None:
    await _send_pending(message, ctx)


async def list_requests_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await _send_pending(callback.message, ctx)


async def _send_pending(message: Message, ctx: RequestContext) -> None:
    pending = await access.list_pending(ctx.session)
    if not pending:
        await message.answer(ctx.i18n("access-no-pending"))
        return
    await message.answer(ctx.i18n("access-pending-list"))
    for request in pending:
        await message.answer(
            _request_text(ctx.i18n, request),
            reply_markup=keyboards.access_decision(ctx.i18n, request.id),
        )


def _request_text(i18n: Translator, request: AccessRequest) -> str:
    return i18n(
        "access-request-for-admin",
        id=request.id,
        name=request.telegram_name,
        username=username_or_dash(i18n, request.telegram_username),
        telegram_id=request.telegram_id,
    )


def _undecidable_text(i18n: Translator, request_id: int, request: AccessRequest | None) -> str:
    if request is None:
        return i18n.plain("access-not-found")
    return i18n.plain("access-already-decided", id=request_id)
