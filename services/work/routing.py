"""A new ticket finds its executor: assigned, offered to a pool, or handed to the managers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.models import Ticket
from services.messages import Msg
from services.tickets.lifecycle import category_of
from services.work import assignment, offers
from services.work.notifications import WorkContext
from services.workflow import nobody_fits_message


async def choose_route(work: WorkContext, values: Mapping[str, Any]) -> assignment.Routing:
    """What a ticket with ``values`` gets, decided before it is written: its assignee is then
    inserted with it (``create_from_values(assignee_id=...)``), and :func:`route_new` tells."""
    category = category_of(values)
    return await assignment.choose_for_new(work.session, category, work.settings.assignment)


async def route_new(
    work: WorkContext, ticket: Ticket, routing: assignment.Routing | None = None
) -> assignment.Routing:
    """Assign or offer a new ticket per its category's mode (unless ``routing`` was chosen
    before it was written) and tell: the assignee, the pool, or the managers if nobody fits."""
    if routing is None:
        routing = await assignment.route_new_ticket(work.session, ticket, work.settings.assignment)
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
    return routing
