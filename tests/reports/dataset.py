"""A small hand-computed dataset: three tickets on Monday 23 Nov 2026 (Moscow).

A  Электрика/Высокий: new 10:00-10:30, in_progress 10:30-12:30, awaiting_confirmation
   12:30-13:30 (working 30 min: lunch 13-14), closed 13:30, confirmed.
   Processing: calendar 1800+7200+3600 = 12600 s, working 1800+7200+1800 = 10800 s.
B  Сантехника/Низкий: new 10:00-11:30 (late: due 11:00), in_progress 11:30-12:00,
   awaiting_info 12:00-15:00 (pause), in_progress 15:00-16:00, awaiting_confirmation
   16:00-17:00, closed 17:00, returned once, auto-confirmed.
   Processing (pause left out): calendar 5400+1800+3600+3600 = 14400 s, working the same.
C  Электрика/Высокий: new since 14:00, due 15:00, flagged by the deadline sweep at 15:00:
   open at the end of the day, the day's one breach (B's lateness was never swept: no breach).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.models import Ticket
from services.deadlines.sweep import flag_breaches
from services.tickets import lifecycle
from services.tickets.events import EventKind
from tests.deadlines.helpers import World

DAY = datetime(2026, 11, 23, tzinfo=UTC)


def msk(hour: int, minute: int = 0) -> datetime:
    return DAY + timedelta(hours=hour - 3, minutes=minute)


async def _event(world: World, ticket_id: int, kind: EventKind, at: datetime) -> None:
    async with world.factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        lifecycle.record_event(session, ticket, kind, world.author_id, at=at)


async def build(world: World) -> dict[str, int]:
    a = await world.create("A", at=msk(10), category="Электрика", priority="Высокий")
    b = await world.create("B", at=msk(10), category="Сантехника", priority="Низкий")
    for ticket_id, steps in (
        (a, [("in_progress", msk(10, 30)), ("awaiting_confirmation", msk(12, 30))]),
        (
            b,
            [
                ("in_progress", msk(11, 30)),
                ("awaiting_info", msk(12)),
                ("in_progress", msk(15)),
                ("awaiting_confirmation", msk(16)),
            ],
        ),
    ):
        for stage, at in steps:
            await world.move(ticket_id, stage, at)
    await _event(world, b, EventKind.RETURNED, msk(16, 30))
    await world.move(a, "closed", msk(13, 30))
    await _event(world, a, EventKind.CONFIRMED, msk(13, 30))
    await world.move(b, "closed", msk(17))
    await _event(world, b, EventKind.AUTO_CONFIRMED, msk(17))
    c = await world.create("C", at=msk(14), category="Электрика", priority="Высокий")
    await sweep(world, msk(15))
    return {"A": a, "B": b, "C": c}


async def sweep(world: World, at: datetime) -> None:
    async with world.factory() as session, session.begin():
        await flag_breaches(session, at, 100)
