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
                TicketOffer.ticket_id == ticket.id, TicketOffer.closed_at.is_(None)
            )
        )
    )
    now = utcnow()
    for offer in offers:
        offer.closed_at = now
    await session.flush()
    return offers
