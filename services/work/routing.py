"""A new ticket finds its executor: assigned, offered to a pool, or handed to the managers."""

from __future__ import annotations

from db.models import Ticket
from services.messages import Msg
from services.work import assignment, offers
from services.work.notifications import WorkContext
from services.workflow import nobody_fits_message


async def route_new(work: WorkContext, ticket: Ticket) -> assignment.Routing:
    """Assign or offer a new ticket per its category's mode; managers hear if nobody fits."""
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
