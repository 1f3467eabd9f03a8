"""Human-friendly ticket numbers (№ 1024), unique across concurrent creators and processes."""

from __future__ import annotations

import functools
import secrets
from typing import Any

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningUpdate

from db.models import Counter, Ticket
from db.sqlite import point_statements

TICKET_COUNTER = "ticket_number"
_COUNTER_NAME = "counter_name"


@functools.cache
def _increment() -> ReturningUpdate[Any]:
    """Built once, run with the counter's name: building it cost about as much as running it."""
    return (
        update(Counter)
        .where(Counter.name == bindparam(_COUNTER_NAME, type_=Counter.__table__.c.name.type))
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )


async def next_number(session: AsyncSession, name: str = TICKET_COUNTER, start: int = 1) -> int:
    """Increment and return; the row lock is held until the caller's transaction ends."""
    for _ in range(3):
        with point_statements():  # one row by key
            value = await session.scalar(_increment(), {_COUNTER_NAME: name})
        if value is not None:
            return int(value)
        try:
            async with session.begin_nested():
                session.add(Counter(name=name, value=start))
            return start
        except IntegrityError:
            continue  # another process created the counter first: increment it
    raise RuntimeError(f"counter {name!r} could not be incremented")


def provisional_number() -> int:
    """A stand-in for a ticket whose number is taken just before its transaction commits
    (``services.tickets.lifecycle.settle_number``): negative, so never a real number, and
    random, so that concurrent creates do not wait on each other's uncommitted row in the
    unique index (a rare equal pair would only wait: the first one's commit renumbers it)."""
    return -1 - secrets.randbelow(2**31 - 1)


async def number_ticket(session: AsyncSession, ticket_id: int) -> int:
    """Take the next ticket number and write it on the ticket's row (the caller updates the
    object): on PostgreSQL in one statement, the last but one round trip of a create."""
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        taken = (
            update(Counter)
            .where(Counter.name == TICKET_COUNTER)
            .values(value=Counter.value + 1)
            .returning(Counter.value)
            .cte("taken")
        )
        value = await session.scalar(
            update(Ticket)
            .where(Ticket.id == ticket_id, exists(select(taken.c.value)))
            .values(number=select(taken.c.value).scalar_subquery())
            .returning(Ticket.number)
            .execution_options(synchronize_session=False)
        )
        if value is not None:
            return int(value)
    number = await next_number(session)  # also the first ticket ever: the counter is made
    await session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id)
        .values(number=number)
        .execution_options(synchronize_session=False)
    )
    return number
