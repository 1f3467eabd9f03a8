"""Report figures for a period, aggregated in SQL (definitions: README, "Deadlines and reports").

- created / closed: tickets whose ``created_at`` / ``closed_at`` falls in the period (closed =
  the last change into a terminal stage, whatever its outcome);
- open: tickets with a non-terminal stage visit spanning the end of the period;
- overdue: tickets that breached a deadline (of a stage or of the whole ticket) during the
  period, as flagged by the deadline sweep (``deadline_breached`` events), open or closed since;
  per stage: the stage the ticket was in when it breached;
- processing time of a ticket closed in the period: the time of its stage visits from creation
  to the closing stage change, pausing stages left out, in calendar and in working time;
- stage times and compliance: visits that ended in the period; on time = ended no later than
  the visit's deadline (visits without a limit are not counted in compliance).
"""

from __future__ import annotations

from sqlalchemy import Select, and_, case, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.dialect import is_postgres
from db.models import Ticket, TicketEvent, TicketStageVisit, WorkflowVersion
from services.reports.executors import executor_rows
from services.reports.model import Counts, Durations, Report, StageRow
from services.reports.period import Period
from services.reports.stats import TOTAL, grouped_durations
from services.tickets.definitions import workflow_of
from services.tickets.events import EventKind

T, V, E = Ticket, TicketStageVisit, TicketEvent
NONE_KEY = ""


def processing_times(period: Period) -> Select:
    """Per ticket closed in the period: (key = assignee id, cal, work) in seconds, as stored
    on the ticket when it closed (``services.tickets.processing``)."""
    return select(
        T.id.label("ticket_id"),
        T.assignee_id.label("key"),
        T.processing_calendar_seconds.label("cal"),
        T.processing_working_seconds.label("work"),
    ).where(
        T.closed_at >= period.start,
        T.closed_at < period.end,
        T.processing_calendar_seconds.is_not(None),
    )


async def compute_report(session: AsyncSession, period: Period) -> Report:
    if is_postgres(session):
        # For this transaction only. Each query aggregates ~100,000 rows; JIT compilation
        # cost 0.2-0.3 s per query (EXPLAIN ANALYZE "JIT: Timing") and saved nothing. The
        # report reads a small share of tickets by key (events of the month, visits spanning
        # its end): with the default random_page_cost = 4 PostgreSQL hash-joins a full scan of
        # 1,000,000 tickets instead (0.82 s against 0.39 s for the executors' events).
        await session.execute(text("SET LOCAL jit = off"))
        await session.execute(text("SET LOCAL random_page_cost = 1.1"))
    by_category: dict[str, Counts] = {}
    by_priority: dict[str, Counts] = {}
    totals = Counts()
    await _created_closed(session, period, totals, by_category, by_priority)
    stages = await _stage_rows(session)
    await _open(session, period, totals, by_category, by_priority, stages)
    await _breached(session, period, totals, by_category, by_priority, stages)
    await _stage_times(session, period, stages)
    per_ticket = processing_times(period).subquery()
    by_assignee = await grouped_durations(session, per_ticket, with_total=True)
    processing = by_assignee.pop(TOTAL, Durations())
    executors = await executor_rows(session, period, by_assignee)
    return Report(
        period=period,
        totals=totals,
        by_category=dict(sorted(by_category.items())),
        by_priority=dict(sorted(by_priority.items())),
        processing=processing,
        stages=[row for row in stages.values() if row.open or row.times.count or row.overdue],
        executors=executors,
    )


async def _created_closed(
    session: AsyncSession,
    period: Period,
    totals: Counts,
    by_category: dict[str, Counts],
    by_priority: dict[str, Counts],
) -> None:
    created = and_(T.created_at >= period.start, T.created_at < period.end)
    closed = and_(T.closed_at >= period.start, T.closed_at < period.end)
    rows = await session.execute(
        select(
            T.category,
            T.priority,
            func.sum(case((created, 1), else_=0)),
            func.sum(case((closed, 1), else_=0)),
        )
        .where(or_(created, closed))
        .group_by(T.category, T.priority)
    )
    for category, priority, n_created, n_closed in rows:
        for counts in _targets(totals, by_category, by_priority, category, priority):
            counts.created += int(n_created or 0)
            counts.closed += int(n_closed or 0)


async def _open(
    session: AsyncSession,
    period: Period,
    totals: Counts,
    by_category: dict[str, Counts],
    by_priority: dict[str, Counts],
    stages: dict[str, StageRow],
) -> None:
    rows = await session.execute(
        select(T.category, T.priority, V.stage_key, func.count())
        .join(T, T.id == V.ticket_id)
        .where(V.entered_at < period.end, or_(V.left_at.is_(None), V.left_at >= period.end))
        .group_by(T.category, T.priority, V.stage_key)
    )
    for category, priority, stage_key, n_open in rows:
        for counts in _targets(totals, by_category, by_priority, category, priority):
            counts.open += int(n_open)
        stages.setdefault(stage_key, StageRow(stage_key, stage_key)).open += int(n_open)


async def _breached(
    session: AsyncSession,
    period: Period,
    totals: Counts,
    by_category: dict[str, Counts],
    by_priority: dict[str, Counts],
    stages: dict[str, StageRow],
) -> None:
    """Tickets breached in the period, each counted once (a ticket can breach its stage and
    its own deadline, or two stages, on the same day); per stage, once per stage."""
    in_period = and_(
        E.kind == EventKind.DEADLINE_BREACHED.value, E.at >= period.start, E.at < period.end
    )
    per_ticket = select(E.ticket_id).where(in_period).group_by(E.ticket_id).subquery()
    rows = await session.execute(
        select(T.category, T.priority, func.count())
        .join(per_ticket, per_ticket.c.ticket_id == T.id)
        .group_by(T.category, T.priority)
    )
    for category, priority, n_breached in rows:
        for counts in _targets(totals, by_category, by_priority, category, priority):
            counts.overdue += int(n_breached)
    per_stage = await session.execute(
        select(E.to_stage, func.count(func.distinct(E.ticket_id)))
        .where(in_period, E.to_stage.is_not(None))
        .group_by(E.to_stage)
    )
    for stage_key, n_breached in per_stage:
        key = str(stage_key)
        stages.setdefault(key, StageRow(key, key)).overdue += int(n_breached)


async def _stage_times(session: AsyncSession, period: Period, stages: dict[str, StageRow]) -> None:
    ended = and_(
        V.left_at >= period.start,
        V.left_at < period.end,
        V.calendar_seconds.is_not(None),
    )
    timed = select(
        V.stage_key.label("key"),
        V.calendar_seconds.label("cal"),
        V.working_seconds.label("work"),
    ).where(ended)
    for key, durations in (await grouped_durations(session, timed.subquery())).items():
        stages.setdefault(str(key), StageRow(str(key), str(key))).times = durations
    on_time = case((V.left_at <= V.deadline_at, 1), else_=0)
    rows = await session.execute(
        select(
            V.stage_key,
            func.sum(V.calendar_seconds),
            func.count(V.deadline_at),
            func.sum(case((V.deadline_at.is_not(None), on_time), else_=0)),
        )
        .where(ended)
        .group_by(V.stage_key)
    )
    for key, total, with_deadline, n_on_time in rows:
        stage = stages.setdefault(key, StageRow(key, key))
        stage.total_calendar = float(total or 0)
        stage.with_deadline, stage.on_time = int(with_deadline), int(n_on_time or 0)


async def _stage_rows(session: AsyncSession) -> dict[str, StageRow]:
    """Stages of the current workflow in display order (older keys are added as found)."""
    row = await session.scalar(select(WorkflowVersion).where(WorkflowVersion.is_current))
    if row is None:
        return {}
    stages = workflow_of(row).ordered()
    return {s.key: StageRow(s.key, s.name) for s in stages if not s.terminal}


def _targets(
    totals: Counts,
    by_category: dict[str, Counts],
    by_priority: dict[str, Counts],
    category: str | None,
    priority: str | None,
) -> tuple[Counts, Counts, Counts]:
    return (
        totals,
        by_category.setdefault(category or NONE_KEY, Counts()),
        by_priority.setdefault(priority or NONE_KEY, Counts()),
    )
