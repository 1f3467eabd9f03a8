"""Assignment as the bot performs it: new tickets routed by the configured mode, pool
"take", a manager's pick, refusal; each with its notifications."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.ticket_planner import deadline_planner
from bot.work_notify import offer_pool, settle_offers, tell, tell_managers
from db.models import Person, Role, Ticket, TicketOffer
from services.messages import Msg
from services.work import assignment, moves
from services.workflow import (
    Actor,
    AssignmentMode,
    Denied,
    TicketState,
    TransitionRules,
    check_transition,
    nobody_fits_message,
)


async def route_new(
    session: AsyncSession, i18n: Translator, settings: Settings, ticket: Ticket
) -> assignment.Routing:
    """Assign or offer a new ticket per its category's mode; managers hear if nobody fits."""
    routing = await assignment.route_new_ticket(session, ticket, settings.workflow.assignment)
    key = f"new:{ticket.id}"
    if routing.assignee_id is not None:
        msg = i18n("work-assigned-to-you", number=ticket.number)
        await tell(session, i18n, settings, ticket, [routing.assignee_id], msg, key)
    elif routing.offered_to:
        await offer_pool(session, i18n, settings, ticket, routing.offered_to, key)
    elif routing.nobody_fits:
        msg = i18n.msg(nobody_fits_message(ticket.category))
        await tell_managers(session, i18n, settings, ticket, msg, key)
    else:
        msg = i18n("work-new-for-managers", number=ticket.number)
        await tell_managers(session, i18n, settings, ticket, msg, key)
    return routing


async def take(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    person: Person,
    roles: frozenset[Role],
    expected_stage: str,
) -> Msg | None:
    """A pool "take": the first one wins; the ticket moves into work with them."""
    offered = await session.scalar(
        select(TicketOffer.id).where(
            TicketOffer.ticket_id == ticket.id,
            TicketOffer.person_id == person.id,
            TicketOffer.kind == "pool",
            TicketOffer.closed_at.is_(None),
        )
    )
    if ticket.assignee_id is not None:
        taker = await session.get(Person, ticket.assignee_id)
        return Msg("work-taken-by", {"name": taker.full_name if taker else "-"})
    if offered is None or Role.EXECUTOR not in roles:
        return Msg("work-not-offered")
    if ticket.stage_key != expected_stage or ticket.closed_at is not None:
        return Msg("work-stale")
    accept = _accept_target(ticket, person, settings.workflow.rules)

    async def apply() -> None:
        await assignment.assign(session, ticket, person.id, actor_id=person.id, mode="pool")
        if accept is not None:
            await moves.move(
                session,
                ticket,
                accept,
                Actor(person.id, frozenset({Role.EXECUTOR.value})),
                rules=settings.workflow.rules,
                planner=deadline_planner(settings),
                expected_stage=expected_stage,
            )

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        await session.refresh(ticket)
        if ticket.assignee_id is not None:
            taker = await session.get(Person, ticket.assignee_id)
            return Msg("work-taken-by", {"name": taker.full_name if taker else "-"})
        return result
    await settle_offers(session, i18n, ticket, person, except_id=person.id)
    if settings.workflow.notify.author_on_stage_change:
        # Keyed by the event: a ticket refused back to the pool may be taken again.
        key = f"ev:{await assignment.last_event_id(session, ticket.id)}"
        msg = i18n("work-taken-for-author", number=ticket.number, name=person.full_name)
        await tell(session, i18n, settings, ticket, [ticket.author_id], msg, key, with_card=False)
    return None


def _accept_target(ticket: Ticket, person: Person, settings_rules: TransitionRules) -> str | None:
    """The move an assignee makes first from the initial stage (e.g. into "in work")."""
    flow = moves.workflow(ticket)
    if ticket.stage_key != flow.initial:
        return None
    state = moves.state_of(ticket)
    for key in flow.stage(ticket.stage_key).next_stages:
        stage = flow.stage(key)
        if stage.terminal or stage.needs_report or stage.pauses_clock:
            continue
        probe = TicketState(state.stage_key, state.author_id, person.id, state.category)
        verdict = check_transition(
            flow,
            probe,
            key,
            Actor(person.id, frozenset()),
            has_report=False,
            now=ticket.stage_entered_at,
            rules=settings_rules,
        )
        if not isinstance(verdict, Denied):
            return key
    return None


async def pick(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    manager: Person,
    executor_id: int,
    expected_stage: str,
) -> Msg | None:
    """A manager assigns (or reassigns) the ticket; the executor gets "accept"/"refuse"."""
    if ticket.stage_key != expected_stage:
        return Msg("work-stale")
    if ticket.closed_at is not None:
        return Msg("work-closed")
    executor = await session.get(Person, executor_id)
    if executor is None or not executor.is_active or Role.EXECUTOR not in executor.role_set:
        return Msg("work-not-executor")
    previous = ticket.assignee_id

    async def apply() -> None:
        await assignment.assign(session, ticket, executor.id, actor_id=manager.id, mode="manual")

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        return result
    await settle_offers(session, i18n, ticket, executor, except_id=None)
    event_id = await assignment.last_event_id(session, ticket.id)
    msg = i18n("work-assigned-to-you", number=ticket.number)
    await tell(session, i18n, settings, ticket, [executor.id], msg, f"ev:{event_id}")
    if previous is not None and previous != executor.id:
        msg = i18n("work-unassigned-you", number=ticket.number)
        await tell(
            session, i18n, settings, ticket, [previous], msg, f"ev:{event_id}", with_card=False
        )
    return None


async def refuse(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    person: Person,
    expected_stage: str,
    reason: str,
) -> Msg | None:
    """The assignee gives the ticket back: to the pool in pool mode, else to the managers."""
    if ticket.stage_key != expected_stage:
        return Msg("work-stale")
    if ticket.assignee_id != person.id or ticket.closed_at is not None:
        return Msg("work-not-yours")

    async def apply() -> int:
        event = await assignment.refuse(session, ticket, actor_id=person.id, reason=reason)
        return event.id

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        return result
    policy = settings.workflow.assignment
    if policy.mode_for(ticket.category) is AssignmentMode.POOL:
        routing = await assignment.route_new_ticket(session, ticket, policy)
        others = [p for p in routing.offered_to if p != person.id]
        if others:
            await offer_pool(session, i18n, settings, ticket, others, f"ev:{result}")
            return None
    msg = i18n("work-refused", number=ticket.number, name=person.full_name, reason=reason)
    await tell_managers(session, i18n, settings, ticket, msg, f"ev:{result}")
    return None
