"""Tell managers (through the outbox) about the open tickets of people just deactivated."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.views.callbacks import TicketCb
from services import outbox, staff
from services.work import queries

# More open tickets than this: the numbers are all in the text, /t opens the rest.
MAX_OPEN_BUTTONS = 8
BUTTONS_PER_ROW = 4


async def report_open_tickets(
    session: AsyncSession,
    i18n: Translator,
    deactivated: Sequence[staff.Deactivated],
    config_admins: Collection[int],
) -> int:
    """One message per manager (the administrators where nobody is a manager) and
    deactivated person with open tickets, each ticket a button to its card (whence it is
    reassigned); returns how many."""
    with_tickets = [d for d in deactivated if d.open_tickets]
    if not with_tickets:
        return 0
    recipients = await queries.managers(session, config_admins)
    sent = 0
    for gone in with_tickets:
        numbers = ", ".join(f"№{t.number}" for t in gone.open_tickets)
        text = i18n(
            "staff-deactivated-open-tickets",
            name=gone.full_name,
            count=len(gone.open_tickets),
            numbers=numbers,
        )
        markup = _open_buttons(i18n, gone.open_tickets)
        for person in recipients:
            if person.telegram_id is None:
                continue
            # No dedupe key: written once in the deactivating transaction (a redelivered
            # update is skipped), and a later re-deactivation is news again.
            outbox.enqueue(session, person.telegram_id, text, markup)
            sent += 1
    return sent


def _open_buttons(i18n: Translator, tickets: Sequence[staff.OpenTicket]) -> dict[str, Any]:
    builder = InlineKeyboardBuilder()
    for ticket in tickets[:MAX_OPEN_BUTTONS]:
        builder.button(
            text=i18n.plain("staff-btn-open-ticket", number=ticket.number),
            callback_data=TicketCb(action="open", ticket_id=ticket.id),
        )
    builder.adjust(BUTTONS_PER_ROW)
    return builder.as_markup().model_dump(exclude_none=True)
