"""Assigning tickets: the configured mode per category, the round-robin cursor, take and refuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.models import AssignmentCursor, Ticket, TicketEvent
from services.tickets.events import EventKind
from services.tickets.lifecycle import open_visit, record_event
from services.work import queries
from services.workflow import (
    AUTOMATIC_MODES,
    AssignmentMode,
    AssignmentPolicy,
    Candidate,
    choose_executor,
    pool_candidates,
)

ANY_CATEGORY = "*"


@dataclass(frozen=True, slots=True)
class Routing:
    """What happened to a new ticket: assigned, offered to a pool, or left to managers."""

    mode: AssignmentMode
    assignee_id: int | None = None
    offered_to: tuple[int, ...] = field(default=())

    @property
    def nobody_fits(self) -> bool:
        return self.mode is not AssignmentMode.MANUAL and (
            self.assignee_id is None and not self.offered_to
        )


def cursor_key(category: str | None) -> str:
    return " ".join(category.split()).casefold()[:100] if category else ANY_CATEGORY


async def _cursor(session: AsyncSession, key: str) -> AssignmentCursor:
    cursor = await session.get(AssignmentCursor, key, with_for_update=True)
    if cursor is None:
        cursor = AssignmentCursor(key=key, last_person_id=None)
        session.add(cursor)
        await session.flush()
    return cursor


async def choose_for_new(
    session: AsyncSession,
    category: str | None,
    policy: AssignmentPolicy,
    *,
    keep_people: bool = True,
) -> Routing:
    """Decide what a new ticket of ``category`` gets before it is written, so that it is
    inserted with its assignee; an automatic mode moves (and locks) the round-robin cursor.
    ``keep_people``: the executors read stay in the session for the notice to the chosen one."""
    mode = policy.mode_for(category)
    if mode is AssignmentMode.MANUAL:
        return Routing(mode)
    with_load = mode is AssignmentMode.LEAST_LOADED
    if keep_people:
        found = await queries.executors(session, with_load=with_load)
        candidates = [executor.candidate for executor in found]
    else:
        candidates = await queries.candidates(session, with_load=with_load)
    if mode is AssignmentMode.POOL:
        offered = pool_candidates(policy, candidates, category)
        return Routing(mode, offered_to=tuple(c.person_id for c in offered))
    assert mode in AUTOMATIC_MODES
    cursor = await _cursor(session, cursor_key(category))
    chosen: Candidate | None = choose_executor(policy, candidates, cursor.last_person_id, category)
    if chosen is None:
        return Routing(mode)
    cursor.last_person_id = chosen.person_id
    return Routing(mode, assignee_id=chosen.person_id)


async def choose_for_new_apart(
    session_factory: async_sessionmaker[AsyncSession],
    category: str | None,
    policy: AssignmentPolicy,
) -> Routing:
    """:func:`choose_for_new` in a transaction of its own, committed at once: the cursor's row
    is locked for a few milliseconds, not until the create commits, so creates in other
    processes do not queue behind this one's whole transaction. A create that fails after it
    leaves the cursor moved on, and the next ticket goes to the next executor."""
    for attempt in range(2):
        try:
            async with session_factory() as session, session.begin():
                return await choose_for_new(session, category, policy, keep_people=False)
        except IntegrityError:
            if attempt:
                raise
            # The category's first ticket in two processes at once: the other made the cursor.
    raise AssertionError("unreachable")


async def route_new_ticket(
    session: AsyncSession, ticket: Ticket, policy: AssignmentPolicy, *, at: datetime | None = None
) -> Routing:
    """Apply the category's mode to a ticket already written: assign automatically, or say
    whom to offer it to."""
    routing = await choose_for_new(session, ticket.category, policy)
    if routing.assignee_id is not None:
        mode = routing.mode.value
        await assign(session, ticket, routing.assignee_id, actor_id=None, mode=mode, at=at)
    return routing


async def assign(
    session: AsyncSession,
    ticket: Ticket,
    person_id: int,
    *,
    actor_id: int | None,
    mode: str,
    at: datetime | None = None,
) -> TicketEvent:
    """Make ``person_id`` the assignee; the flush checks the ticket's version."""
    at = at or utcnow()
    previous = ticket.assignee_id
    ticket.assignee_id = person_id
    visit = await open_visit(session, ticket)
    if visit is not None:
        visit.assignee_id = person_id
    event = record_event(
        session,
        ticket,
        EventKind.ASSIGNED,
        actor_id,
        at=at,
        data={"person_id": person_id, "previous_id": previous, "mode": mode},
    )
    await session.flush()
    return event


async def refuse(
    session: AsyncSession, ticket: Ticket, *, actor_id: int, reason: str, at: datetime | None = None
) -> TicketEvent:
    """The assignee gives the ticket back (with a reason); it is unassigned."""
    at = at or utcnow()
    previous = ticket.assignee_id
    ticket.assignee_id = None
    visit = await open_visit(session, ticket)
    if visit is not None:
        visit.assignee_id = None
    event = record_event(
        session,
        ticket,
        EventKind.REFUSED,
        actor_id,
        at=at,
        text=reason,
        data={"person_id": previous},
    )
    await session.flush()
    return event


async def last_event_id(session: AsyncSession, ticket_id: int) -> int:
    return int(
        await session.scalar(
            select(TicketEvent.id)
            .where(TicketEvent.ticket_id == ticket_id)
            .order_by(TicketEvent.id.desc())
            .limit(1)
        )
        or 0
    )
