"""What a screen polls to learn that the board changed: a cheap fingerprint of the tickets
and their history (every workflow change writes a ticket event; a direct edit moves
``updated_at``). Works across processes: the change may come from any of them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, Ticket, TicketEvent


async def fingerprint(session: AsyncSession) -> str:
    row = (
        await session.execute(
            select(
                select(func.max(TicketEvent.id)).scalar_subquery(),
                select(func.max(Ticket.updated_at)).scalar_subquery(),
                select(func.count(Ticket.id)).scalar_subquery(),
                select(func.max(Person.updated_at)).scalar_subquery(),
            )
        )
    ).one()
    return "|".join(str(part) for part in row)
