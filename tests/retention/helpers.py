"""Tickets holding a test resident's personal data, and a scan of the whole database for it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket
from services.deadlines.planner import planner_for
from services.fields import Attachment
from services.tickets import comments, value_edits
from tests.deadlines.helpers import World

# Values of one resident: each must vanish from the database once their ticket is anonymised.
SECRETS = {
    "client": "Секретова Анна Павловна",
    "phone": "+7 921 555-77-11",
    "address": "ул. Тайная, д. 13",
    "flat": "77",
}
COMMENT = "Позвонить Секретовой по номеру 8 921 555 77 11"
FILE_NAME = "kvartira-sekretovoy.jpg"
FILE_ID = "AgACfileSecret77"
NEEDLES = ("Секретов", "Тайная", "5557711", "555-77-11", "sekretovoy", FILE_ID)


async def resident_ticket(world: World, at: datetime, *, close_at: datetime | None) -> int:
    """A ticket with the resident's data, a comment, a field change and a file."""
    ticket_id = await world.create("Течёт кран", at=at, **SECRETS, priority="Обычная")
    async with world.factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await comments.add_comment(session, ticket, world.executor_id, COMMENT)
        planner = planner_for(world.settings.deadlines)
        await value_edits.change_value(
            session, ticket, "flat", "78", world.executor_id, planner=planner
        )
        await comments.add_attachment(
            session,
            ticket,
            world.executor_id,
            Attachment(kind="photo", file_id=FILE_ID, file_unique_id="uniqSecret", name=FILE_NAME),
        )
    if close_at is not None:
        await world.move(ticket_id, "closed", close_at)
    return ticket_id


async def database_text(session: AsyncSession) -> str:
    """Every table's rows as text (JSON decoded, so escaped Cyrillic is found too)."""
    conn = await session.connection()
    names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    parts: list[str] = []
    for name in names:
        rows = (await session.execute(text(f'SELECT * FROM "{name}"'))).all()
        for row in rows:
            parts.extend(_plain(value) for value in row)
    return "\n".join(parts)


def _plain(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        try:
            return json.dumps(json.loads(value), ensure_ascii=False)
        except ValueError:
            return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


async def ticket_values(session: AsyncSession, ticket_id: int) -> dict[str, Any]:
    values = await session.scalar(select(Ticket.values).where(Ticket.id == ticket_id))
    return dict(values or {})
