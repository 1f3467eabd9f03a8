"""Loading a ticket for a person: one refusal for "no such ticket" and "not yours", so a
refusal never tells anything about a ticket the person may not see."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.internal import CONTEXT_KEY
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.views.ticket_card import CardContext, render_ticket_card, send_ticket_card
from db.models import Person, Role, Ticket
from services.tickets import queries, rights


class NoActiveDialogue(Filter):
    """Free text outside any dialogue: "№1024" must not swallow a dialogue's text input."""

    async def __call__(self, event: TelegramObject, state: FSMContext, **data: Any) -> bool:
        # Filters run before aiogram-dialog builds the manager; its outer middleware has
        # already loaded the current dialogue context (None when no dialogue is open).
        return data.get(CONTEXT_KEY) is None and await state.get_state() is None


async def visible_ticket(
    session: AsyncSession,
    person: Person | None,
    roles: frozenset[Role],
    *,
    number: int | None = None,
    ticket_id: int | None = None,
) -> Ticket | None:
    if number is not None:
        ticket = await queries.by_number(session, number)
    elif ticket_id is not None:
        ticket = await queries.by_id(session, ticket_id)
    else:
        return None
    person_id = person.id if person else None
    if ticket is None or not rights.can_view(ticket, person_id, roles):
        return None
    return ticket


async def open_card(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person | None,
    roles: frozenset[Role],
    number: int,
) -> None:
    ticket = await visible_ticket(session, person, roles, number=number)
    if ticket is None:
        await bot.send_message(chat_id, i18n("ticket-not-available", number=number))
        return
    await send_ticket_card(
        bot, chat_id, CardContext(session, i18n, settings, ticket, person, roles)
    )


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
