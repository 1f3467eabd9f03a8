"""«📝 Создать заявку» under a call notification: the ticket form opens with the caller's
phone already filled in (the button carries the call's id; the number is read from ``calls``)."""

from __future__ import annotations

from datetime import datetime

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, StartMode

from bot.context import RequestContext
from bot.views.callbacks import CallCb
from handlers.tickets.draft import PREFILL, TicketSG
from services.tickets import rights
from services.tickets.fieldsets import current_fields
from services.tickets.from_message import Incoming, prefill
from services.webhooks import calls


def create_router() -> Router:
    router = Router(name="telephony-calls")
    router.callback_query.register(start_from_call, CallCb.filter())
    return router


async def start_from_call(
    callback: CallbackQuery,
    callback_data: CallCb,
    ctx: RequestContext,
    dialog_manager: DialogManager,
) -> None:
    if not rights.can_create(ctx.roles):
        await callback.answer(ctx.i18n.plain("ticket-create-no-rights"), show_alert=True)
        return
    call = await calls.get(ctx.session, callback_data.id)
    # A call for a named operator is theirs alone (the button's data can be forged).
    if call is None or call.operator_id not in (None, ctx.person.id if ctx.person else None):
        await callback.answer(ctx.i18n.plain("webhooks-call-gone"), show_alert=True)
        return
    _row, field_set = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    tz = ctx.settings.company.tz
    values = prefill(
        field_set, Incoming("", None, call.phone), tz=tz, today=datetime.now(tz).date()
    )
    values = {key: value for key, value in values.items() if value not in ("", None)}
    await callback.answer()
    await dialog_manager.start(TicketSG.field, data={PREFILL: values}, mode=StartMode.RESET_STACK)
