"""The executor rating: closed tickets, on-time share, average time, returns, confirmations."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, Ticket, TicketEvent, TicketStageVisit
from services.reports.model import Durations, ExecutorRow
from services.reports.period import Period
from services.tickets.events import EventKind

T, V, E = Ticket, TicketStageVisit, TicketEvent


async def executor_rows(
    session: AsyncSession, period: Period, processing: Mapping[Hashable, Durations]
) -> list[ExecutorRow]:
    """Rows for everyone who closed a ticket, had a timed stage or got a confirmation;
    ``processing`` holds the processing times of the period's closed tickets by assignee."""
    rows: dict[int, ExecutorRow] = {}

    def row(person_id: int) -> ExecutorRow:
        return rows.setdefault(person_id, ExecutorRow(person_id, ""))

    for person_id, durations in processing.items():
        if person_id is None:
            continue
        target = row(int(person_id))  # type: ignore[call-overload]
        target.closed = durations.count
        target.avg_calendar, target.avg_working = durations.avg_calendar, durations.avg_working
    on_time = await session.execute(
        select(
            V.assignee_id, func.count(), func.sum(case((V.left_at <= V.deadline_at, 1), else_=0))
        )
        .where(
            V.left_at >= period.start,
            V.left_at < period.end,
            V.deadline_at.is_not(None),
            V.assignee_id.is_not(None),
        )
        .group_by(V.assignee_id)
    )
    for person_id, timed, in_time in on_time:
        row(person_id).timed_visits, row(person_id).on_time_visits = int(timed), int(in_time or 0)
    kinds = [EventKind.RETURNED.value, EventKind.CONFIRMED.value, EventKind.AUTO_CONFIRMED.value]
    events = await session.execute(
        select(T.assignee_id, E.kind, func.count())
        .join(T, T.id == E.ticket_id)
        .where(E.kind.in_(kinds), E.at >= period.start, E.at < period.end)
        .where(T.assignee_id.is_not(None))
        .group_by(T.assignee_id, E.kind)
    )
    for person_id, kind, count in events:
        if person_id is None:  # excluded by the WHERE above
            continue
        target = row(person_id)
        if kind == EventKind.RETURNED.value:
            target.returns = int(count)
        elif kind == EventKind.CONFIRMED.value:
            target.confirmed = int(count)
        else:
            target.auto_confirmed = int(count)
    if rows:
        people = await session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.patronymic).where(
                Person.id.in_(rows)
            )
        )
        for person_id, *names in people:
            rows[person_id].name = " ".join(part for part in names if part)
    return sorted(rows.values(), key=lambda r: (-r.score, -r.closed, r.name))
