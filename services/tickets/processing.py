"""A closed ticket's processing time, stored on the ticket when it closes.

Definition (README, "Deadlines and reports"): the time of its stage visits from creation to
the closing stage change, pausing stages left out, in calendar and in working seconds.
Reports read the stored figures, so they never join the period's tickets with all visits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, TicketStageVisit

V = TicketStageVisit


async def store_processing_time(
    session: AsyncSession, ticket: Ticket, closing: TicketStageVisit | None, at: datetime
) -> None:
    """``closing`` is the visit just ended at ``at``, not flushed yet (so the query, which
    does not flush and leaves the ticket row to be written once, sees it still open)."""
    active = V.paused_seconds == 0
    with session.no_autoflush:
        row = (
            await session.execute(
                select(
                    func.sum(case((active, V.calendar_seconds), else_=0)),
                    func.sum(case((active, V.working_seconds), else_=0)),
                ).where(V.ticket_id == ticket.id, V.left_at <= at)
            )
        ).one()
    calendar, working = row
    if closing is not None and closing.paused_seconds == 0:
        calendar = (calendar or 0) + (closing.calendar_seconds or 0)
        working = (working or 0) + (closing.working_seconds or 0)
    ticket.processing_calendar_seconds = None if calendar is None else int(calendar)
    ticket.processing_working_seconds = None if working is None else int(working)


def clear_processing_time(ticket: Ticket) -> None:
    """A reopened ticket has no processing time until it closes again."""
    ticket.processing_calendar_seconds = None
    ticket.processing_working_seconds = None
