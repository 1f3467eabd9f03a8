"""The ticket's history as people read it: who, when, what (from ``TicketEvent`` rows)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Markup, Translator
from bot.work_cards import format_time
from db.models import Ticket, TicketEvent
from services.work import moves, queries

MAX_LINES = 40


async def history_text(
    session: AsyncSession, i18n: Translator, settings: Settings, ticket: Ticket
) -> str:
    events = list(
        await session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
        )
    )
    people = await queries.people_by_id(
        session, [e.actor_id for e in events] + [e.data.get("person_id") for e in events]
    )
    flow = moves.workflow(ticket)

    def name_of(person_id: object) -> str:
        person = people.get(person_id) if isinstance(person_id, int) else None
        return person.full_name if person else i18n.plain("work-system")

    def stage(key: str | None) -> str:
        found = flow.get(key) if key else None
        return found.name if found else (key or "")

    lines = [i18n("work-history-title", number=ticket.number)]
    for event in events[-MAX_LINES:]:
        kind = event.kind if i18n.has(f"work-ev-{event.kind}") else "other"
        what = Markup(
            i18n(
                f"work-ev-{kind}",
                kind=event.kind,
                source=stage(event.from_stage),
                target=stage(event.to_stage),
                person=name_of(event.data.get("person_id")),
                text=(event.text or "")[:300],
            )
        )
        when = format_time(event.at, settings.company.tz)
        lines.append(i18n("work-history-line", at=when, who=name_of(event.actor_id), what=what))
    return "\n".join(lines)
