"""Who works a ticket: a pool "take" (the first one wins), a manager's pick, a refusal."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Person, Role, Ticket, TicketOffer
from services.messages import MessageArg, Msg
from services.tickets import rights
from services.tickets.lifecycle import enter_stage
from services.work import assignment, moves, offers
from services.work.notifications import WorkContext
from services.workflow import (
    Actor,
    AssignmentMode,
    Denied,
    TicketState,
    TransitionRules,
    check_transition,
)


async def take(
    work: WorkContext,
    ticket: Ticket,
    person: Person,
    roles: frozenset[Role],
    expected_stage: str,
) -> Msg | None:
    """A pool "take": the first one wins; the ticket moves into work with them.

    ``None`` when this person got it; otherwise why not (taken, not offered, stale). Someone
    who neither may see the ticket nor was ever offered it gets the same answer as for a
    missing ticket; the taker is named only to those who may see the ticket."""
    session = work.session
    offers_to_them = list(
        await session.scalars(
            select(TicketOffer.closed_at).where(
                TicketOffer.ticket_id == ticket.id,
                TicketOffer.person_id == person.id,
                TicketOffer.kind == "pool",
            )
        )
    )
    viewer = rights.can_view(ticket, person.id, roles)
    if not viewer and not offers_to_them:
        return rights.NOT_AVAILABLE
    if ticket.assignee_id is not None:
        return await _taken_by(work, ticket, viewer)
    offered = any(closed_at is None for closed_at in offers_to_them)
    if not offered or Role.EXECUTOR not in roles:
        return Msg("work-not-offered")
    if ticket.stage_key != expected_stage or ticket.closed_at is not None:
        return Msg("work-stale")
    accept = _accept_target(ticket, person, work.settings.rules)

    async def apply() -> None:
        await assignment.assign(session, ticket, person.id, actor_id=person.id, mode="pool")
        if accept is not None:
            await moves.move(
                session,
                ticket,
                accept,
                Actor(person.id, frozenset({Role.EXECUTOR.value})),
                rules=work.settings.rules,
                planner=work.planner,
                expected_stage=expected_stage,
            )

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        await session.refresh(ticket)
        return await _taken_by(work, ticket, viewer) if ticket.assignee_id is not None else result
    closed = await offers.close_open(session, ticket)
    await work.notifier.offers_closed(ticket, person, closed, except_id=person.id)
    if work.settings.notify.author_on_stage_change and ticket.author_id != person.id:
        # Keyed by the event: a ticket refused back to the pool may be taken again.
        key = f"ev:{await assignment.last_event_id(session, ticket.id)}"
        await work.notifier.ticket_taken(ticket, person, key)
    return None


async def _taken_by(work: WorkContext, ticket: Ticket, viewer: bool) -> Msg:
    if not viewer:
        return Msg("guard-taken-by-other")
    taker = await work.session.get(Person, ticket.assignee_id)
    return Msg("work-taken-by", {"name": taker.full_name if taker else "-"})


def _accept_target(ticket: Ticket, person: Person, rules: TransitionRules) -> str | None:
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
            Actor(person.id, frozenset(person.role_set)),
            has_report=False,
            now=ticket.stage_entered_at,
            rules=rules,
        )
        if not isinstance(verdict, Denied):
            return key
    return None


async def pick(
    work: WorkContext,
    ticket: Ticket,
    manager: Person,
    executor_id: int,
    expected_stage: str,
    *,
    made_for_assignee: int | None = None,
) -> Msg | None:
    """A manager assigns (or reassigns) the ticket; the executor gets "accept"/"refuse".

    ``made_for_assignee``: who had the ticket when the picker was shown (0: nobody); if that
    changed meanwhile (another manager picked first), the pick is refused, not applied over
    theirs."""
    if ticket.stage_key != expected_stage:
        return Msg("work-stale")
    if ticket.closed_at is not None:
        return Msg("work-closed")
    session = work.session
    if made_for_assignee is not None and (ticket.assignee_id or 0) != made_for_assignee:
        current = await session.get(Person, ticket.assignee_id) if ticket.assignee_id else None
        name = current.full_name if current is not None else "—"
        return Msg("work-assignee-changed", {"number": ticket.number, "name": name})
    executor = await session.get(Person, executor_id)
    if executor is None or not executor.is_active or Role.EXECUTOR not in executor.role_set:
        return Msg("work-not-executor")
    previous = ticket.assignee_id

    async def apply() -> None:
        await assignment.assign(session, ticket, executor.id, actor_id=manager.id, mode="manual")

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        return result
    closed = await offers.close_open(session, ticket)
    await work.notifier.offers_closed(ticket, executor, closed, except_id=None, assigned=True)
    key = f"ev:{await assignment.last_event_id(session, ticket.id)}"
    told = Msg("work-assigned-to-you", {"number": ticket.number})
    await work.notifier.tell(ticket, [executor.id], told, key)
    if previous is not None and previous != executor.id:
        told = Msg("work-unassigned-you", {"number": ticket.number})
        await work.notifier.tell(ticket, [previous], told, key, with_card=False)
    return None


async def refuse(
    work: WorkContext, ticket: Ticket, person: Person, expected_stage: str, reason: str
) -> Msg | None:
    """The assignee gives the ticket back (with a reason): to the pool in pool mode, else to
    the managers.

    The ticket goes back to the workflow's initial stage, where a ticket nobody has waits (as
    at creation; a stage that needs an assignee is never left without one). In pool mode it
    is offered again to the pool without the refuser, as returned with the reason; the
    managers get the reason with "assign" (only they can settle it when the pool is empty).
    The author hears that the executor refused and another one is looked for."""
    if ticket.stage_key != expected_stage:
        return Msg("work-stale")
    if ticket.assignee_id != person.id or ticket.closed_at is not None:
        return Msg("work-not-yours")
    session = work.session
    policy = work.settings.assignment
    pool = policy.mode_for(ticket.category) is AssignmentMode.POOL

    async def apply() -> int:
        event = await assignment.refuse(session, ticket, actor_id=person.id, reason=reason)
        await _back_to_initial(work, ticket, person)
        return event.id

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        return result
    key = f"ev:{result}"
    refused: dict[str, MessageArg] = {
        "number": ticket.number,
        "name": person.full_name,
        "reason": reason,
    }
    if pool:
        await _offer_again(work, ticket, person, refused, key)
    else:
        await work.notifier.tell_managers(ticket, Msg("work-refused", refused), key)
    if work.settings.notify.author_on_stage_change and ticket.author_id != person.id:
        await work.notifier.ticket_refused(ticket, person, key)
    return None


async def _offer_again(
    work: WorkContext, ticket: Ticket, person: Person, refused: dict[str, MessageArg], key: str
) -> None:
    """The pool without the refuser; the managers are told (always when nobody is left)."""
    routing = await assignment.route_new_ticket(work.session, ticket, work.settings.assignment)
    others = [p for p in routing.offered_to if p != person.id]
    if not others:
        await work.notifier.tell_managers(ticket, Msg("work-refused-pool-nobody", refused), key)
        return
    opened = await offers.open_pool(work.session, ticket, others)
    returned = Msg("work-pool-returned", refused)
    await work.notifier.offer_to_pool(ticket, opened, key, headline=returned)
    if work.settings.notify.managers_on_changes:
        await work.notifier.tell_managers(ticket, Msg("work-refused-pool", refused), key)


async def _back_to_initial(work: WorkContext, ticket: Ticket, person: Person) -> None:
    """A ticket given back waits, unassigned, where a new one does (its clock for being taken
    starts again); not a move of the workflow's graph, so not checked as one."""
    initial = moves.workflow(ticket).initial
    if ticket.stage_key == initial:
        return
    await enter_stage(
        work.session,
        ticket,
        initial,
        actor_id=person.id,
        planner=work.planner,
        data={"refused_by": person.id},
    )
