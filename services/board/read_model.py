"""The board's read model: open tickets by stage, emergencies with their limits, unassigned
and overdue tickets, executors' load and shift, today's counts.

One pass over the open tickets the viewer may see (``rights.visible_clause``), selected as
plain columns (no ORM objects: a board of thousands renders in milliseconds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, PersonRole, Role, Ticket, WorkflowVersion
from services.deadlines.display import norm_msg
from services.deadlines.planning import DeadlinePlanner
from services.messages import Msg
from services.tickets import rights
from services.tickets.definitions import workflow_of

# The priority that makes a ticket an emergency (services/fields/default_fields.toml); a
# ticket with a kind of emergency (the planner's ``emergency_field``) is one too.
EMERGENCY_PRIORITY = "Аварийная"
ADDRESS_FIELD = "address"


@dataclass(frozen=True, slots=True)
class BoardFilters:
    category: str = ""
    house: str = ""
    executor_id: int | None = None

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> BoardFilters:
        executor = (query.get("executor") or "").strip()
        return cls(
            category=(query.get("category") or "").strip()[:100],
            house=(query.get("house") or "").strip()[:300],
            executor_id=int(executor) if executor.isdigit() and len(executor) < 10 else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.category or self.house or self.executor_id is not None)


@dataclass(frozen=True, slots=True)
class BoardTicket:
    id: int
    number: int
    stage_key: str
    stage_name: str
    house: str
    category: str
    priority: str
    subject: str
    assignee_id: int | None
    assignee_name: str
    emergency: bool
    # The nearest limit: the ticket's norm (Decree 416 / priority) or the stage's deadline.
    deadline: datetime | None
    norm_deadline: datetime | None
    stage_deadline: datetime | None
    overdue: bool
    created_at: datetime
    # The norm with its basis («норматив: 30 мин (ПП РФ № 416, п. 13)»), emergencies only.
    norm: Msg | None = None


@dataclass(frozen=True, slots=True)
class BoardStage:
    key: str
    name: str
    tickets: list[BoardTicket]


@dataclass(frozen=True, slots=True)
class BoardExecutor:
    id: int
    name: str
    load: int
    available: bool


@dataclass(frozen=True, slots=True)
class BoardCounts:
    created: int
    closed: int
    overdue: int


@dataclass(slots=True)
class Board:
    now: datetime
    stages: list[BoardStage]
    emergencies: list[BoardTicket]
    unassigned: list[BoardTicket]
    overdue: list[BoardTicket]
    executors: list[BoardExecutor]
    counts: BoardCounts
    open_total: int
    categories: list[str] = field(default_factory=list)
    houses: list[str] = field(default_factory=list)


def short_name(last: str, first: str, patronymic: str | None) -> str:
    initials = " ".join(f"{part[0]}." for part in (first, patronymic) if part)
    return " ".join(part for part in (last, initials) if part)


# A flat or office typed into the address: the board shows the house only.
_FLAT = re.compile(r"[,;]?\s*\b(кв|квартира|пом|помещение|оф|офис|комн|комната)\b\.?\s*\S.*$", re.I)


def house_of(values: Mapping[str, Any]) -> str:
    """The house of the ticket's address («ул. Садовая, д. 10, кв. 5» → «ул. Садовая, д. 10»):
    the board never shows a flat, which with the house would point at a resident."""
    value = values.get(ADDRESS_FIELD)
    if not isinstance(value, str):
        return ""
    return _FLAT.sub("", " ".join(value.split())).rstrip(" ,;")


def _is_emergency(
    priority: str | None, values: Mapping[str, Any], planner: DeadlinePlanner
) -> bool:
    return priority == EMERGENCY_PRIORITY or bool(values.get(planner.emergency_field))


def day_start(now: datetime, tz: ZoneInfo) -> datetime:
    local = now.astimezone(tz)
    return datetime.combine(local.date(), time(0), tz)


def _overdue_clause(now: datetime) -> ColumnElement[bool]:
    return or_(Ticket.stage_deadline_at <= now, Ticket.deadline_at <= now)


async def load_board(
    session: AsyncSession,
    *,
    viewer_id: int | None,
    roles: Iterable[Role],
    filters: BoardFilters,
    now: datetime,
    tz: ZoneInfo,
    planner: DeadlinePlanner,
    all_tickets: bool = False,
    with_subject: bool = True,
) -> Board:
    """The board as ``viewer_id`` with ``roles`` may see it (``all_tickets``: a wall-screen
    link, which sees every open ticket but no residents' data: ``with_subject=False``)."""
    role_set = frozenset(roles)
    visible = true() if all_tickets else rights.visible_clause(viewer_id, role_set)
    scope: list[ColumnElement[bool]] = [visible]
    if filters.category:
        scope.append(Ticket.category == filters.category)
    if filters.executor_id is not None:
        scope.append(Ticket.assignee_id == filters.executor_id)

    flows = {row.id: workflow_of(row) for row in await session.scalars(select(WorkflowVersion))}
    people = {
        pid: short_name(last, first, patronymic)
        for pid, last, first, patronymic in await session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.patronymic)
        )
    }
    rows = await session.execute(
        select(
            Ticket.id,
            Ticket.number,
            Ticket.stage_key,
            Ticket.workflow_version_id,
            Ticket.values,
            Ticket.category,
            Ticket.priority,
            Ticket.subject,
            Ticket.assignee_id,
            Ticket.deadline_at,
            Ticket.stage_deadline_at,
            Ticket.created_at,
        )
        .where(Ticket.closed_at.is_(None), *scope)
        .order_by(Ticket.number)
    )
    tickets: list[BoardTicket] = []
    houses: set[str] = set()
    categories: set[str] = set()
    stage_names: dict[str, tuple[int, str]] = {}
    for row in rows:
        values = row.values or {}
        house = house_of(values)
        houses.add(house)
        if row.category:
            categories.add(row.category)
        if filters.house and house != filters.house:
            continue
        flow = flows.get(row.workflow_version_id)
        stage = flow.get(row.stage_key) if flow is not None else None
        name = stage.name if stage is not None else row.stage_key
        order = stage.order if stage is not None else 999
        stage_names.setdefault(row.stage_key, (order, name))
        emergency = _is_emergency(row.priority, values, planner)
        norm = planner.ticket_norm(row.priority, values) if emergency else None
        limits = [d for d in (row.deadline_at, row.stage_deadline_at) if d is not None]
        deadline = min(limits) if limits else None
        tickets.append(
            BoardTicket(
                id=row.id,
                number=row.number,
                stage_key=row.stage_key,
                stage_name=name,
                house=house,
                category=row.category or "",
                priority=row.priority or "",
                subject=row.subject if with_subject else "",
                assignee_id=row.assignee_id,
                assignee_name=people.get(row.assignee_id, "") if row.assignee_id else "",
                emergency=emergency,
                deadline=deadline,
                norm_deadline=row.deadline_at,
                stage_deadline=row.stage_deadline_at,
                overdue=deadline is not None and deadline <= now,
                created_at=row.created_at,
                norm=norm_msg(norm) if norm is not None else None,
            )
        )

    by_stage: dict[str, list[BoardTicket]] = {}
    for ticket in tickets:
        by_stage.setdefault(ticket.stage_key, []).append(ticket)
    stages = [
        BoardStage(key, stage_names[key][1], by_stage[key])
        for key in sorted(by_stage, key=lambda k: stage_names[k])
    ]
    far = now + timedelta(days=36500)
    emergencies = sorted(
        (t for t in tickets if t.emergency), key=lambda t: (t.deadline or far, t.number)
    )
    unassigned = sorted(
        (t for t in tickets if t.assignee_id is None),
        key=lambda t: (not t.emergency, t.deadline or far, t.number),
    )
    overdue = sorted((t for t in tickets if t.overdue), key=lambda t: t.deadline or far)
    return Board(
        now=now,
        stages=stages,
        emergencies=emergencies,
        unassigned=unassigned,
        overdue=overdue,
        executors=await _executors(session, visible, all_tickets or rights.sees_all(role_set)),
        counts=await _counts(session, scope, now, tz, filters.house),
        open_total=len(tickets),
        categories=sorted(categories),
        houses=sorted(h for h in houses if h),
    )


async def _executors(
    session: AsyncSession, visible: ColumnElement[bool], everyone: bool
) -> list[BoardExecutor]:
    """Active executors with their open tickets (those the viewer may see) and shift. A viewer
    who sees only their own tickets sees only the executors working on them."""
    load = (
        select(Ticket.assignee_id, func.count().label("n"))
        .where(Ticket.closed_at.is_(None), Ticket.assignee_id.is_not(None), visible)
        .group_by(Ticket.assignee_id)
        .subquery()
    )
    query = (
        select(
            Person.id,
            Person.last_name,
            Person.first_name,
            Person.patronymic,
            Person.is_available,
            func.coalesce(load.c.n, 0),
        )
        .outerjoin(load, load.c.assignee_id == Person.id)
        .where(
            Person.is_active.is_(True),
            Person.roles.any(PersonRole.role == Role.EXECUTOR.value),
        )
        .order_by(Person.last_name, Person.id)
    )
    if not everyone:
        query = query.where(load.c.n > 0)
    return [
        BoardExecutor(pid, short_name(last, first, patronymic), int(n), bool(available))
        for pid, last, first, patronymic, available, n in await session.execute(query)
    ]


async def _counts(
    session: AsyncSession,
    scope: list[ColumnElement[bool]],
    now: datetime,
    tz: ZoneInfo,
    house: str = "",
) -> BoardCounts:
    """Today (the company's day): created, closed, and overdue (open past a limit now, or
    closed today after a breach). With a house filter the day's tickets are read and matched
    by their address (a few rows: today's and the overdue)."""
    start = day_start(now, tz)
    overdue_clause = or_(
        and_(Ticket.closed_at.is_(None), _overdue_clause(now)),
        and_(
            Ticket.closed_at >= start,
            or_(Ticket.breached_at.is_not(None), Ticket.stage_breached_at.is_not(None)),
        ),
    )
    if not house:
        count = func.count(Ticket.id)
        created = await session.scalar(select(count).where(Ticket.created_at >= start, *scope))
        closed = await session.scalar(select(count).where(Ticket.closed_at >= start, *scope))
        overdue = await session.scalar(select(count).where(*scope, overdue_clause))
        return BoardCounts(int(created or 0), int(closed or 0), int(overdue or 0))
    created_today = Ticket.created_at >= start
    closed_today = Ticket.closed_at >= start
    rows = await session.execute(
        select(Ticket.values, created_today, closed_today, overdue_clause).where(
            *scope, or_(created_today, closed_today, overdue_clause)
        )
    )
    counts = [0, 0, 0]
    for values, *flags in rows:
        if house_of(values or {}) == house:
            for index, flag in enumerate(flags):
                counts[index] += bool(flag)
    return BoardCounts(*counts)
