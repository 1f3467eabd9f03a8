"""Shared bits of the workflow handlers: loading a ticket for a button, replying with a card."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.context import RequestContext
from bot.i18n import Translator
from bot.views.ticket_card import render_ticket_card
from db.models import Ticket
from services.audit import views as audit_views
from services.messages import Msg
from services.tickets import rights
from services.work import moves, offers


async def show_card(
    target: Message, ctx: RequestContext, ticket: Ticket, *, edit: bool = False
) -> None:
    """The one ticket card (``bot.ticket_card``) with the buttons this person may press."""
    card = await render_ticket_card(ctx.card(ticket))
    chunks = card.chunks()
    if edit and len(chunks) == 1:
        await target.edit_text(chunks[0], reply_markup=card.markup())
        return
    for index, chunk in enumerate(chunks):
        markup = card.markup() if index == len(chunks) - 1 else None
        await target.answer(chunk, reply_markup=markup)


async def refuse_alert(callback: CallbackQuery, i18n: Translator, reason: Msg) -> None:
    await callback.answer(i18n.plain_msg(reason), show_alert=True)


async def ticket_or_refuse(
    callback: CallbackQuery, ctx: RequestContext, ticket_id: int
) -> Ticket | None:
    """The ticket a button names if the presser may see it; otherwise None after one refusal
    for "no such ticket" and "not yours", so forged ids tell nothing about others' tickets.
    Whoever was offered or given the ticket before hears that it moved on."""
    ticket = await ctx.session.get(Ticket, ticket_id)
    if ticket is None or not rights.can_view(ticket, ctx.member.id, ctx.roles):
        shown = ticket.number if ticket is not None else None
        await audit_views.card_refused(ctx.session, shown, ctx.member.id, ctx.roles)
        reason = rights.NOT_AVAILABLE
        if ticket is not None and await offers.was_offered(ctx.session, ticket.id, ctx.member.id):
            reason = Msg("work-no-longer-yours", {"number": ticket.number})
        await refuse_alert(callback, ctx.i18n, reason)
        return None
    return ticket


def stage_name(ticket: Ticket) -> str:
    stage = moves.workflow(ticket).get(ticket.stage_key)
    return stage.name if stage else ticket.stage_key
