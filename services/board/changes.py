"""What a screen polls to learn that the board changed: a cheap fingerprint of the tickets
and their history (every workflow change writes a ticket event; a direct edit moves
``updated_at``), and of who may look at it (links revoked, roles granted or taken, people
switched off). Works across processes: the change may come from any of them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import BoardLink, Person, PersonRole, Ticket, TicketEvent


@dataclass(frozen=True, slots=True)
class Fingerprint:
    board: str  # moves when what the board shows changed
    access: str  # moves when someone's right to see it may have changed


async def fingerprint(session: AsyncSession) -> Fingerprint:
    row = (
        await session.execute(
            select(
                select(func.max(TicketEvent.id)).scalar_subquery(),
                select(func.max(Ticket.updated_at)).scalar_subquery(),
                select(func.count(Ticket.id)).scalar_subquery(),
                select(func.max(Person.updated_at)).scalar_subquery(),
                select(func.max(BoardLink.revoked_at)).scalar_subquery(),
                # A role taken away lowers the count; one swapped for another is a new grant.
                select(func.count()).select_from(PersonRole).scalar_subquery(),
                select(func.max(PersonRole.granted_at)).scalar_subquery(),
            )
        )
    ).one()
    parts = [str(part) for part in row]
    # People's names show on the board, and a person switched off loses access: both.
    return Fingerprint(board="|".join(parts[:4]), access="|".join(parts[3:]))
