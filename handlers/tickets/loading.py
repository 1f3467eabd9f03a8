"""Loading a ticket for a person: one refusal for "no such ticket" and "not yours", so a
refusal never tells anything about a ticket the person may not see."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.internal import CONTEXT_KEY

from bot.context import RequestContext
from bot.views.ticket_card import CardContext, render_ticket_card, send_ticket_card
from db.models import Ticket
from services.audit import views as audit_views
from services.tickets import queries, rights


class NoActiveDialogue(Filter):
    """Free text outside any dialogue: "№1024" must not swallow a dialogue's text input."""

    async def __call__(self, event: TelegramObject, state: FSMContext, **data: Any) -> bool:
        # Filters run before aiogram-dialog builds the manager; its outer middleware has
        # already loaded the current dialogue context (None when no dialogue is open).
        return data.get(CONTEXT_KEY) is None and await state.get_state() is None


async def visible_ticket(
    ctx: RequestContext, *, number: int | None = None, ticket_id: int | None = None
) -> Ticket | None:
    if number is not None:
        ticket = await queries.by_number(ctx.session, number)
    elif ticket_id is not None:
        ticket = await queries.by_id(ctx.session, ticket_id)
    else:
        return None
    person_id = ctx.person.id if ctx.person else None
    if ticket is None or not rights.can_view(ticket, person_id, ctx.roles):
        shown = ticket.number if ticket is not None else number
        await audit_views.card_refused(ctx.session, shown, person_id, ctx.roles)
        return None
    return ticket


async def open_card(ctx: RequestContext, chat_id: int, number: int) -> None:
    ticket = await visible_ticket(ctx, number=number)
    if ticket is None:
        await ctx.bot.send_message(chat_id, ctx.i18n("ticket-not-available", number=number))
        return
    await send_ticket_card(ctx.bot, chat_id, ctx.card(ticket))


async def start_dialog_under_card(
    callback: CallbackQuery, dialog_manager: DialogManager, state: State, ctx: CardContext
) -> None:
    """Open a dialogue about the ticket as a new message under its card; keep the card usable.

    aiogram-dialog takes the keyboard off the message whose button started a dialogue, even
    when the dialogue is sent as a new message, so the card's buttons are put back."""
    await callback.answer()
    await dialog_manager.start(
        state,
        data={"ticket_id": ctx.ticket.id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )
    if not isinstance(callback.message, Message):
        return
    card = await render_ticket_card(ctx)
    with suppress(TelegramBadRequest):  # the message is gone or already shows these buttons
        await callback.message.edit_reply_markup(reply_markup=card.markup())
