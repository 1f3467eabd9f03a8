"""Shared bits of the workflow handlers: loading a ticket for a button, replying with a card."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.work_cards import actor_of, ticket_keyboard
from bot.work_notify import card_for
from db.models import Person, Role, Ticket
from services.messages import Msg
from services.work import moves


def may_view(ticket: Ticket, person: Person, roles: frozenset[Role]) -> bool:
    if {Role.MANAGER, Role.ADMIN} & roles:
        return True
    return person.id in (ticket.author_id, ticket.assignee_id)


async def show_card(
    target: Message,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    person: Person,
    roles: frozenset[Role],
    *,
    edit: bool = False,
) -> None:
    text = await card_for(session, i18n, settings, ticket)
    markup = ticket_keyboard(i18n, ticket, actor_of(person, roles), settings.workflow.rules)
    if edit:
        await target.edit_text(text, reply_markup=markup)
    else:
        await target.answer(text, reply_markup=markup)


async def refuse_alert(callback: CallbackQuery, i18n: Translator, reason: Msg) -> None:
    await callback.answer(i18n.plain_msg(reason), show_alert=True)


def stage_name(ticket: Ticket) -> str:
    stage = moves.workflow(ticket).get(ticket.stage_key)
    return stage.name if stage else ticket.stage_key
