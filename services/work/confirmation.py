"""Auto-confirmation: tickets left waiting for their author longer than allowed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, WorkflowVersion
from services.deadlines.planning import DeadlinePlanner
from services.tickets.definitions import workflow_of
from services.tickets.events import EventKind
from services.work.moves import Moved, confirm_target, move
from services.workflow import Actor, Denied, TransitionRules


async def confirmation_stage_keys(session: AsyncSession) -> set[str]:
    """Keys of stages that wait for the author, in any stored workflow version."""
    keys: set[str] = set()
    for row in await session.scalars(select(WorkflowVersion)):
        keys |= {s.key for s in workflow_of(row).stages if s.needs_author_confirmation}
    return keys


async def due_ticket_ids(
    session: AsyncSession, now: datetime, wait: timedelta, limit: int = 200
) -> list[int]:
    keys = await confirmation_stage_keys(session)
    if not keys:
        return []
    return list(
        await session.scalars(
            select(Ticket.id)
            .where(
                Ticket.closed_at.is_(None),
                Ticket.stage_key.in_(keys),
                Ticket.stage_entered_at <= now - wait,
            )
            .order_by(Ticket.stage_entered_at, Ticket.id)
            .limit(limit)
        )
    )


async def auto_confirm(
    session: AsyncSession,
    ticket: Ticket,
    *,
    now: datetime,
    wait: timedelta,
    rules: TransitionRules,
    planner: DeadlinePlanner,
) -> Moved | None:
    """Confirm on the author's behalf if the ticket still waits and the time is up."""
    flow = workflow_of(ticket.workflow)
    stage = flow.get(ticket.stage_key)
    if stage is None or not stage.needs_author_confirmation:
        return None
    if ticket.stage_entered_at > now - wait:
        return None
    target = confirm_target(flow, stage)
    if target is None:
        return None
    result = await move(
        session,
        ticket,
        target.key,
        Actor.system(),
        rules=rules,
        planner=planner,
        expected_stage=stage.key,
        has_report=True,
        kind=EventKind.AUTO_CONFIRMED,
        data={"waited_hours": wait.total_seconds() / 3600},
        now=now,
    )
    return None if isinstance(result, Denied) else result
