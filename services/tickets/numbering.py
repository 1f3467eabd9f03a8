"""Human-friendly ticket numbers (№ 1024), unique across concurrent creators and processes."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Counter

TICKET_COUNTER = "ticket_number"


async def next_number(session: AsyncSession, name: str = TICKET_COUNTER, start: int = 1) -> int:
    """Increment and return; the row lock is held until the caller's transaction ends."""
    for _ in range(3):
        value = await session.scalar(
            update(Counter)
            .where(Counter.name == name)
            .values(value=Counter.value + 1)
            .returning(Counter.value)
        )
        if value is not None:
            return int(value)
        try:
            async with session.begin_nested():
                session.add(Counter(name=name, value=start))
            return start
        except IntegrityError:
            continue  # another process created the counter first: increment it
    raise RuntimeError(f"counter {name!r} could not be incremented")
