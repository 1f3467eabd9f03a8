"""A new ticket finds its executor: assigned, offered to a pool, or handed to the managers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Ticket
from services.messages import Msg
from services.tickets.lifecycle import category_of
from services.work import assignment, offers
from services.work.notifications import WorkContext
from services.workflow import nobody_fits_message


async def choose_route(
    work: WorkContext,
    values: Mapping[str, Any],
    *,
    apart: async_sessionmaker[AsyncSession] | None = None,
) -> assignment.Routing:
    """What a ticket with ``values`` gets, decided before it is written: its assignee is then
    inserted with it (``create_from_values(assignee_id=...)``), and :func:`route_new` tells.

    ``apart``: on PostgreSQL the choice commits in a transaction of its own
    (``assignment.choose_for_new_apart``); SQLite has one writer at a time, and the create's
    transaction already is it."""
    category = category_of(values)
    policy = work.settings.assignment
    bind = work.session.bind
    if apart is not None and bind is not None and bind.dialect.name != "sqlite":
        return await assignment.choose_for_new_apart(apart, category, policy)
    return await assignment.choose_for_new(work.session, category, policy)


async def route_new(work: WorkContext, ticket: Ticket, routing: assignment.Routing) -> None:
    """Tell who a new ticket went to, as :func:`choose_route` decided before it was written:
    the assignee, the pool (opened here), or the managers if nobody fits."""
    key = f"new:{ticket.id}"
    notifier = work.notifier
    if routing.assignee_id is not None:
        told = Msg("work-assigned-to-you", {"number": ticket.number})
        await notifier.tell(ticket, [routing.assignee_id], told, key)
    elif routing.offered_to:
        await notifier.offer_to_pool(
            ticket, await offers.open_pool(work.session, ticket, routing.offered_to), key
        )
    elif routing.nobody_fits:
        await notifier.tell_managers(ticket, nobody_fits_message(ticket.category), key)
    else:
        await notifier.tell_managers(
            ticket, Msg("work-new-for-managers", {"number": ticket.number}), key
        )
