"""Publishing a new stage set: a new ``WorkflowVersion`` unless it strands open tickets."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket, WorkflowVersion
from services.messages import Msg
from services.tickets.definitions import current_workflow, publish_workflow, workflow_of
from services.workflow import Workflow, load_default_workflow, workflow_to_config


async def stranded_stages(session: AsyncSession, new: Workflow) -> dict[str, int]:
    """Stages removed by ``new`` that open tickets are in now: key -> number of tickets."""
    rows = await session.execute(
        select(Ticket.stage_key, func.count())
        .where(Ticket.closed_at.is_(None))
        .group_by(Ticket.stage_key)
    )
    return {key: int(n) for key, n in rows.all() if key not in new}


async def publish(
    session: AsyncSession, new: Workflow, by_person_id: int | None
) -> WorkflowVersion | list[Msg]:
    """Make ``new`` current (open tickets keep their version) or say why not."""
    stranded = await stranded_stages(session, new)
    if stranded:
        return [
            Msg("work-stages-stranded", {"stage": key, "count": count})
            for key, count in sorted(stranded.items())
        ]
    return await publish_workflow(session, new, by_person_id)


async def ensure_configured(session: AsyncSession, configured: Workflow) -> WorkflowVersion:
    """At start-up: publish the configured stages unless that exact set was stored before.

    Managers' later edits stay current across restarts; a changed config is a new version.
    """
    definition = workflow_to_config(configured)
    current = await session.scalar(select(WorkflowVersion).where(WorkflowVersion.is_current))
    if current is not None and current.definition == definition:
        return current
    known = [row.definition for row in await session.scalars(select(WorkflowVersion))]
    if current is not None and definition in known:
        return current
    if current is None and configured == load_default_workflow():
        return await current_workflow(session)
    return await publish_workflow(session, configured)


def current_of(row: WorkflowVersion) -> Workflow:
    return workflow_of(row)
