"""Applying transitions to stored tickets: checked on the server, whatever was pressed.

A handler passes the ticket as loaded in its transaction and the stage the button was made
for; ``check_transition`` decides, ``services.tickets.lifecycle.enter_stage`` records it.
Concurrent changes lose on the ticket's version (``run_optimistic`` turns that into
``CONFLICT`` without spoiling the caller's transaction).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from db.base import utcnow
from db.models import Ticket, TicketEvent
from services.deadlines.planning import DeadlinePlanner
from services.messages import Msg
from services.tickets.definitions import workflow_of
from services.tickets.events import EventKind
from services.tickets.lifecycle import enter_stage
from services.visible_text import trim
from services.workflow import (
    Action,
    ActionKind,
    Actor,
    Allowed,
    Denied,
    Outcome,
    StageDefinition,
    TicketState,
    TransitionRules,
    Workflow,
    available_actions,
    check_transition,
)

_T = TypeVar("_T")
CONFLICT: Final = Msg("work-conflict")
WORDS_REASON: Final = Msg("guard-needs-reason")
WORDS_QUESTION: Final = Msg("guard-needs-question")
WORDS_DEPARTMENT: Final = Msg("guard-needs-department")

_EVENT_OF_KIND = {
    ActionKind.CONFIRM: EventKind.CONFIRMED,
    ActionKind.RETURN: EventKind.RETURNED,
    ActionKind.REOPEN: EventKind.REOPENED,
}


@dataclass(frozen=True, slots=True)
class Moved:
    event: TicketEvent
    kind: ActionKind
    source: StageDefinition
    target: StageDefinition


def state_of(ticket: Ticket) -> TicketState:
    return TicketState(
        stage_key=ticket.stage_key,
        author_id=ticket.author_id,
        assignee_id=ticket.assignee_id,
        category=ticket.category,
        closed_at=ticket.closed_at,
    )


def workflow(ticket: Ticket) -> Workflow:
    return workflow_of(ticket.workflow)


def stage_of(ticket: Ticket) -> StageDefinition:
    return workflow(ticket).stage(ticket.stage_key)


def actions_for(
    ticket: Ticket, actor: Actor, rules: TransitionRules, now: datetime | None = None
) -> list[Action]:
    return available_actions(
        workflow(ticket), state_of(ticket), actor, now=now or utcnow(), rules=rules
    )


def check(
    ticket: Ticket,
    target: str,
    actor: Actor,
    rules: TransitionRules,
    *,
    expected_stage: str | None,
    has_report: bool = True,
    now: datetime | None = None,
) -> Allowed | Denied:
    return check_transition(
        workflow(ticket),
        state_of(ticket),
        target,
        actor,
        has_report=has_report,
        now=now or utcnow(),
        rules=rules,
        expected_stage=expected_stage,
    )


def words_needed(kind: ActionKind, target: StageDefinition) -> Msg | None:
    """Why a move cannot be made without words, or ``None`` if it needs none.

    A question pauses the author's clock, so it must say what is asked; a rejection, a
    return and a reopening tell the other side why; a transfer says where to. Checked on
    every move, whatever the button (or forged data) asked for."""
    if kind in (ActionKind.RETURN, ActionKind.REOPEN):
        return WORDS_REASON
    if target.pauses_clock:
        return WORDS_QUESTION
    if target.outcome is Outcome.TRANSFERRED:
        return WORDS_DEPARTMENT
    if target.outcome is Outcome.REJECTED:
        return WORDS_REASON
    return None


def event_kind(kind: ActionKind, target: StageDefinition) -> EventKind:
    if kind in _EVENT_OF_KIND:
        return _EVENT_OF_KIND[kind]
    if target.outcome is Outcome.TRANSFERRED:
        return EventKind.TRANSFERRED
    return EventKind.STAGE_CHANGED


async def move(
    session: AsyncSession,
    ticket: Ticket,
    target: str,
    actor: Actor,
    *,
    rules: TransitionRules,
    planner: DeadlinePlanner,
    expected_stage: str | None,
    has_report: bool = False,
    kind: EventKind | None = None,
    text: str | None = None,
    data: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Moved | Denied:
    """Check and apply one transition; ``Denied`` changes nothing.

    A move that needs words (``words_needed``) is refused without ``text``."""
    now = now or utcnow()
    verdict = check(
        ticket, target, actor, rules, expected_stage=expected_stage, has_report=has_report, now=now
    )
    if isinstance(verdict, Denied):
        return verdict
    flow = workflow(ticket)
    source, destination = flow.stage(ticket.stage_key), flow.stage(target)
    missing = None if text and trim(text) else words_needed(verdict.kind, destination)
    if missing is not None:
        return Denied(missing)
    event = await enter_stage(
        session,
        ticket,
        target,
        actor_id=actor.person_id,
        planner=planner,
        at=now,
        kind=kind or event_kind(verdict.kind, destination),
        text=text,
        data={**(data or {}), "action": verdict.kind.value, "skipped": list(verdict.skipped)},
    )
    if destination.outcome is Outcome.TRANSFERRED and text:
        ticket.outcome_note = text
        await session.flush()
    return Moved(event, verdict.kind, source, destination)


async def run_optimistic(session: AsyncSession, action: Callable[[], Awaitable[_T]]) -> _T | Msg:
    """Run ``action`` in a savepoint; a lost race (stale version) gives ``CONFLICT``."""
    try:
        async with session.begin_nested():
            return await action()
    except StaleDataError:
        return CONFLICT


def confirm_target(flow: Workflow, stage: StageDefinition) -> StageDefinition | None:
    """Where confirming leads from a confirmation stage: its next stage ending as done."""
    for key in stage.next_stages:
        following = flow.get(key)
        if following is not None and following.outcome is Outcome.DONE:
            return following
    return None
