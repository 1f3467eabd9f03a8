"""Offers of a ticket: to each executor of a pool ("take"), to each manager ("assign").

An offer is open until somebody gets the ticket; then all its offers close, and the people
they were made to see who took it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Ticket, TicketOffer
from services.tickets.lifecycle import created_in_transaction, rows_in_session

# Offers proper; a "card" row only remembers a notice whose buttons go stale (see the notifier).
OFFER_KINDS = ("pool", "assign")
CARD_KIND = "card"


async def open_pool(
    session: AsyncSession, ticket: Ticket, person_ids: Iterable[int]
) -> list[TicketOffer]:
    offers = [TicketOffer(ticket_id=ticket.id, person_id=p, kind="pool") for p in person_ids]
    session.add_all(offers)
    await session.flush()
    return offers


async def close_open(session: AsyncSession, ticket: Ticket) -> list[TicketOffer]:
    offers = list(
        await session.scalars(
            select(TicketOffer).where(
                TicketOffer.ticket_id == ticket.id,
                TicketOffer.closed_at.is_(None),
                TicketOffer.kind.in_(OFFER_KINDS),
            )
        )
    )
    now = utcnow()
    for offer in offers:
        offer.closed_at = now
    await session.flush()
    return offers


async def stale_cards(
    session: AsyncSession, ticket_id: int, person_ids: Iterable[int]
) -> list[TicketOffer]:
    """The open card notices of the ticket sent to these people; closed as they are returned."""
    ids = list(person_ids)
    if not ids:
        return []
    if created_in_transaction(session, ticket_id):  # its cards, if any, are in the session
        found = [
            row
            for row in rows_in_session(session, TicketOffer, ticket_id)
            if row.person_id in ids and row.kind == CARD_KIND and row.closed_at is None
        ]
    else:
        found = list(
            await session.scalars(
                select(TicketOffer).where(
                    TicketOffer.ticket_id == ticket_id,
                    TicketOffer.person_id.in_(ids),
                    TicketOffer.kind == CARD_KIND,
                    TicketOffer.closed_at.is_(None),
                )
            )
        )
    now = utcnow()
    for row in found:
        row.closed_at = now
    return found


async def was_offered(session: AsyncSession, ticket_id: int, person_id: int) -> bool:
    """Whether the ticket was ever offered, assigned or shown with buttons to the person: a
    refusal may then say the ticket moved on, which tells them nothing new."""
    found = await session.scalar(
        select(TicketOffer.id)
        .where(TicketOffer.ticket_id == ticket_id, TicketOffer.person_id == person_id)
        .limit(1)
    )
    return found is not None
