"""Managers' queues: open tickets without an executor, all open ones, overdue ones and the
ones waiting for their author's confirmation. Plain rows, one query per page, counts by
``COUNT``.

Definitions (all of them only open tickets, i.e. ``closed_at IS NULL``):

- ``unassigned``: no assignee, including tickets offered to a pool and not yet taken;
- ``open``: every open ticket;
- ``overdue``: the current stage's deadline (``stage_deadline_at``, the one the deadline sweep
  flags) has passed; a paused stage has no deadline and is not overdue;
- ``confirm``: the current stage is one that waits for the author's confirmation
  (``needs_author_confirmation`` in the ticket's own workflow version).

Every queue is sorted by the stage deadline, the nearest (or the most overdue) first, then
tickets without a deadline, then by number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeGuard, get_args

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, Ticket, WorkflowVersion
from services.tickets.definitions import workflow_of
from services.workflow import Workflow

QueueKind = Literal["unassigned", "open", "overdue", "confirm"]
QUEUES: tuple[QueueKind, ...] = get_args(QueueKind)
PAGE_SIZE = 8
# The field whose value a queue row shows as the place of work.
ADDRESS_KEY = "address"


def is_queue(value: object) -> TypeGuard[QueueKind]:
    return value in QUEUES


@dataclass(frozen=True, slots=True)
class QueueFilter:
    category: str | None = None
    executor_id: int | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    ticket_id: int
    number: int
    address: str
    subject: str
    stage_key: str
    stage_name: str
    priority: str | None
    deadline_at: datetime | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: list[QueueRow]
    page: int  # 0-based, clamped to the pages there are
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class Choice:
    """A value a queue can be filtered by, with how many of the queue's tickets have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class ExecutorChoice:
    person_id: int
    name: str
    count: int


class _Workflows:
    """Every stored workflow version, parsed once (versions never change)."""

    def __init__(self, flows: Mapping[int, Workflow]) -> None:
        self.flows = flows

    @classmethod
    async def load(cls, session: AsyncSession) -> _Workflows:
        rows = await session.scalars(select(WorkflowVersion))
        return cls({row.id: workflow_of(row) for row in rows})

    def awaiting_confirmation(self) -> ColumnElement[bool]:
        """Tickets in a stage that waits for the author, in their own workflow version."""
        parts = []
        for version_id, flow in sorted(self.flows.items()):
            keys = sorted(s.key for s in flow.stages if s.needs_author_confirmation)
            if keys:
                parts.append(
                    and_(Ticket.workflow_version_id == version_id, Ticket.stage_key.in_(keys))
                )
        return or_(*parts) if parts else false()

    def stage_name(self, version_id: int, stage_key: str) -> str:
        flow = self.flows.get(version_id)
        stage = flow.get(stage_key) if flow is not None else None
        return stage.name if stage is not None else stage_key


def _membership(kind: QueueKind, now: datetime, flows: _Workflows) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Ticket.closed_at.is_(None)]
    if kind == "unassigned":
        where.append(Ticket.assignee_id.is_(None))
    elif kind == "overdue":
        where.append(Ticket.stage_deadline_at <= now)
    elif kind == "confirm":
        where.append(flows.awaiting_confirmation())
    return where


def _filtered(kind: QueueKind, flt: QueueFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.category is not None:
        where.append(Ticket.category == flt.category)
    # Nobody is assigned in "unassigned": an executor filter there would only empty it.
    if flt.executor_id is not None and kind != "unassigned":
        where.append(Ticket.assignee_id == flt.executor_id)
    return where


async def counts(session: AsyncSession, now: datetime) -> dict[QueueKind, int]:
    """How many tickets each queue holds, in one ``COUNT`` query over the open tickets."""
    flows = await _Workflows.load(session)
    conditions: dict[QueueKind, ColumnElement[bool]] = {
        "unassigned": Ticket.assignee_id.is_(None),
        "overdue": Ticket.stage_deadline_at <= now,
        "confirm": flows.awaiting_confirmation(),
    }
    columns: list[Any] = [func.count()]
    columns += [func.count(case((condition, 1))) for condition in conditions.values()]
    row = (
        await session.execute(
            select(*columns).select_from(Ticket).where(Ticket.closed_at.is_(None))
        )
    ).one()
    found: dict[QueueKind, int] = {"open": int(row[0])}
    for index, kind in enumerate(conditions, start=1):
        found[kind] = int(row[index])
    return {kind: found[kind] for kind in QUEUES}


async def page(
    session: AsyncSession,
    kind: QueueKind,
    now: datetime,
    flt: QueueFilter = QueueFilter(),
    page: int = 0,
    size: int = PAGE_SIZE,
) -> QueuePage:
    flows = await _Workflows.load(session)
    where = _membership(kind, now, flows) + _filtered(kind, flt)
    total = int(await session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0)
    pages = max(1, math.ceil(total / size))
    page = min(max(page, 0), pages - 1)
    rows = await _rows(session, flows, where, now, offset=page * size, limit=size)
    return QueuePage(rows, page, pages, total)


async def _rows(
    session: AsyncSession,
    flows: _Workflows,
    where: list[ColumnElement[bool]],
    now: datetime,
    *,
    offset: int,
    limit: int,
    newest_first: bool = False,
) -> list[QueueRow]:
    """The rows the queues and the personal lists show, in one query."""
    order: tuple[Any, ...] = (
        (Ticket.number.desc(),)
        if newest_first
        else (Ticket.stage_deadline_at.is_(None), Ticket.stage_deadline_at, Ticket.number)
    )
    statement = (
        select(
            Ticket.id,
            Ticket.number,
            Ticket.subject,
            Ticket.priority,
            Ticket.stage_key,
            Ticket.workflow_version_id,
            Ticket.stage_deadline_at,
            Ticket.closed_at,
            Ticket.values[ADDRESS_KEY].as_string().label("address"),
        )
        .where(*where)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return [
        QueueRow(
            ticket_id=r.id,
            number=r.number,
            address=(r.address or "").strip(),
            subject=r.subject or "",
            stage_key=r.stage_key,
            stage_name=flows.stage_name(r.workflow_version_id, r.stage_key),
            priority=r.priority,
            deadline_at=r.stage_deadline_at if r.closed_at is None else None,
            overdue=r.closed_at is None
            and r.stage_deadline_at is not None
            and r.stage_deadline_at <= now,
        )
        for r in (await session.execute(statement)).all()
    ]


async def authored_page(
    session: AsyncSession,
    person_id: int,
    now: datetime,
    *,
    closed: bool,
    page: int = 0,
    size: int = PAGE_SIZE,
) -> QueuePage:
    """A person's own tickets ("My tickets"), newest first, as queue rows."""
    flows = await _Workflows.load(session)
    where: list[ColumnElement[bool]] = [
        Ticket.author_id == person_id,
        Ticket.closed_at.is_not(None) if closed else Ticket.closed_at.is_(None),
    ]
    total = int(await session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0)
    pages = max(1, math.ceil(total / size))
    page = min(max(page, 0), pages - 1)
    rows = await _rows(
        session, flows, where, now, offset=page * size, limit=size, newest_first=True
    )
    return QueuePage(rows, page, pages, total)


async def assigned_rows(
    session: AsyncSession, person_id: int, now: datetime, limit: int = 30
) -> list[QueueRow]:
    """An executor's open tickets as queue rows, the nearest deadline first."""
    flows = await _Workflows.load(session)
    where: list[ColumnElement[bool]] = [
        Ticket.assignee_id == person_id,
        Ticket.closed_at.is_(None),
    ]
    return await _rows(session, flows, where, now, offset=0, limit=limit)


async def own_open_rows(
    session: AsyncSession, person_id: int, now: datetime, limit: int = 30
) -> list[QueueRow]:
    """The open tickets a person works on or wrote, the nearest deadline first."""
    flows = await _Workflows.load(session)
    where: list[ColumnElement[bool]] = [
        or_(Ticket.assignee_id == person_id, Ticket.author_id == person_id),
        Ticket.closed_at.is_(None),
    ]
    return await _rows(session, flows, where, now, offset=0, limit=limit)


async def categories(
    session: AsyncSession,
    kind: QueueKind,
    now: datetime,
    flt: QueueFilter = QueueFilter(),
) -> list[Choice]:
    """The categories of the queue's tickets (under the executor filter), by name."""
    flows = await _Workflows.load(session)
    where = _membership(kind, now, flows) + _filtered(kind, QueueFilter(None, flt.executor_id))
    rows = await session.execute(
        select(Ticket.category, func.count())
        .where(*where, Ticket.category.is_not(None))
        .group_by(Ticket.category)
        .order_by(Ticket.category)
    )
    return [Choice(str(category), int(n)) for category, n in rows.all()]


async def executors(
    session: AsyncSession,
    kind: QueueKind,
    now: datetime,
    flt: QueueFilter = QueueFilter(),
) -> list[ExecutorChoice]:
    """The assignees of the queue's tickets (under the category filter), by name."""
    if kind == "unassigned":
        return []
    flows = await _Workflows.load(session)
    where = _membership(kind, now, flows) + _filtered(kind, QueueFilter(flt.category, None))
    load = (
        select(Ticket.assignee_id, func.count().label("n"))
        .where(*where, Ticket.assignee_id.is_not(None))
        .group_by(Ticket.assignee_id)
        .subquery()
    )
    rows = await session.execute(
        select(Person, load.c.n)
        .join(load, load.c.assignee_id == Person.id)
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    return [ExecutorChoice(person.id, person.full_name, int(n)) for person, n in rows.all()]


async def executor_name(session: AsyncSession, person_id: int) -> str | None:
    person = await session.get(Person, person_id)
    return person.full_name if person is not None else None
