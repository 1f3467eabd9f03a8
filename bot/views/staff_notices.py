"""Tell managers (through the outbox) about the open tickets of people just deactivated."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from services import outbox, staff


async def report_open_tickets(
    session: AsyncSession, i18n: Translator, deactivated: Sequence[staff.Deactivated]
) -> int:
    """One message per manager and deactivated person with open tickets; returns how many."""
    with_tickets = [d for d in deactivated if d.open_ticket_numbers]
    if not with_tickets:
        return 0
    managers = await staff.manager_chat_ids(session)
    sent = 0
    for gone in with_tickets:
        numbers = ", ".join(f"№{n}" for n in gone.open_ticket_numbers)
        text = i18n(
            "staff-deactivated-open-tickets",
            name=gone.full_name,
            count=len(gone.open_ticket_numbers),
            numbers=numbers,
        )
        for chat_id in managers:
            # No dedupe key: written once in the deactivating transaction (a redelivered
            # update is skipped), and a later re-deactivation is news again.
            outbox.enqueue(session, chat_id, text)
            sent += 1
    return sent
