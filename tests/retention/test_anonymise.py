"""The anonymisation primitive: personal data and files go, what reports read stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.base import utcnow
from db.models import Ticket, TicketAttachment, TicketEvent, TicketStageVisit
from services.privacy.anonymise import PLACEHOLDER, anonymise_tickets
from tests.deadlines.helpers import make_world
from tests.retention.helpers import NEEDLES, database_text, resident_ticket, ticket_values


async def test_anonymise_removes_values_files_and_texts_and_is_idempotent(
    sqlite_url: str,
) -> None:
    world = await make_world(sqlite_url)
    now = utcnow()
    ticket_id = await resident_ticket(world, now - timedelta(days=5), close_at=now)
    async with world.factory() as session:
        before = await session.get(Ticket, ticket_id)
        assert before is not None
        kept = (before.number, before.category, before.priority, before.stage_key)
        kept += (before.closed_at, before.processing_calendar_seconds, before.outcome)
        events_before = (await session.execute(select(TicketEvent.kind))).scalars().all()
        visits_before = (await session.execute(select(TicketStageVisit.id))).scalars().all()
        dump = await database_text(session)
        assert all(needle in dump for needle in NEEDLES)

    async with world.factory() as session, session.begin():
        counts = await anonymise_tickets(session, [ticket_id], now=now)
    assert counts.tickets == 1
    assert counts.files == 1
    assert counts.fields >= 4
    assert counts.numbers == [kept[0]]

    async with world.factory() as session:
        dump = await database_text(session)
        assert [needle for needle in NEEDLES if needle in dump] == []
        values = await ticket_values(session, ticket_id)
        assert values["client"] == values["phone"] == values["address"] == PLACEHOLDER
        assert values["subject"] == "Течёт кран"  # not personal data
        after = await session.get(Ticket, ticket_id)
        assert after is not None
        assert after.anonymised_at is not None
        assert (after.number, after.category, after.priority, after.stage_key) == kept[:4]
        assert (after.closed_at, after.processing_calendar_seconds, after.outcome) == kept[4:]
        assert after.phone_digits == ""
        assert (await session.execute(select(TicketEvent.kind))).scalars().all() == events_before
        assert (await session.execute(select(TicketStageVisit.id))).scalars().all() == visits_before
        assert (await session.scalars(select(TicketAttachment))).all() == []

    async with world.factory() as session, session.begin():
        again = await anonymise_tickets(session, [ticket_id], now=now)
    assert not again.changed
    assert again.numbers == []
    await world.engine.dispose()
