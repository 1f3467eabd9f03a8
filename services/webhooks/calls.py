"""Telephony: a call reported through ``POST /api/calls`` is stored and the operators on duty
(or the one named) are found with the caller's open and recent tickets.

Telling them is the caller's part (the web layer formats the message and queues it in the
outbox in the same transaction). The number is personal data: it is stored in ``calls`` only
so that the «Создать заявку» button can carry the call's id instead of the number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.base import utcnow
from db.models import Person, PersonRole, PhoneCall, Role, Ticket
from services.fields.phone import normalize_phone
from services.tickets.definitions import workflow_of
from services.tickets.rights import sees_all
from services.tickets.search_index import phone_key

RECENT = timedelta(days=30)
SHOWN_TICKETS = 5
LINE_MAX = 100


class CallError(Exception):
    """A field of the request is wrong: ``field`` and what to do."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail


@dataclass(frozen=True, slots=True)
class CallerTicket:
    number: int
    stage: str
    subject: str
    closed: bool
    author_id: int
    assignee_id: int | None

    def subject_for(self, person_id: int, roles: Iterable[Role]) -> str | None:
        """The subject only for those who may open the ticket (``rights.can_view``)."""
        if sees_all(roles) or person_id in (self.author_id, self.assignee_id):
            return self.subject
        return None


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    phone: str
    line: str
    operators: list[Person]
    tickets: list[CallerTicket]


async def register(
    session: AsyncSession,
    *,
    phone: object,
    line: object,
    operator_id: object,
    api_key_id: int | None,
    now: datetime | None = None,
) -> Call:
    """Store the call; raise ``CallError`` naming the field when the request is wrong."""
    if not isinstance(phone, str) or (normalized := normalize_phone(phone)) is None:
        raise CallError("phone", "A phone number, e.g. +7 921 555-01-01.")
    if line is None:
        line = ""
    if not isinstance(line, str) or len(line) > LINE_MAX:
        raise CallError("line", f"A string of at most {LINE_MAX} characters.")
    if operator_id is not None and (
        isinstance(operator_id, bool) or not isinstance(operator_id, int)
    ):
        raise CallError("operator_id", "A person id (integer) or null.")
    operators = await _operators(session, operator_id)
    if operator_id is not None and not operators:
        raise CallError("operator_id", "No active operator with this id.")
    call = PhoneCall(
        phone=normalized,
        line=line.strip(),
        operator_id=operator_id,
        api_key_id=api_key_id,
        told=len(operators),
    )
    session.add(call)
    await session.flush()
    tickets = await caller_tickets(session, normalized, now or utcnow())
    return Call(call.id, normalized, call.line, operators, tickets)


async def _operators(session: AsyncSession, operator_id: int | None) -> list[Person]:
    """The named operator, or every active operator on duty, who can be reached."""
    query = select(Person).where(
        Person.is_active.is_(True),
        Person.telegram_id.is_not(None),
        Person.roles.any(PersonRole.role == Role.OPERATOR.value),
    )
    if operator_id is None:
        query = query.where(Person.is_available.is_(True))
    else:
        query = query.where(Person.id == operator_id)
    query = query.options(selectinload(Person.roles)).order_by(Person.id)
    return list((await session.scalars(query)).all())


async def caller_tickets(session: AsyncSession, phone: str, now: datetime) -> list[CallerTicket]:
    """Open tickets with this number, and those closed in the last 30 days; newest first."""
    key = phone_key(phone)
    if key is None:
        return []
    rows = await session.scalars(
        select(Ticket)
        .where(
            Ticket.phone_digits.like(f"% {key} %"),
            or_(Ticket.closed_at.is_(None), Ticket.closed_at >= now - RECENT),
        )
        .order_by(Ticket.closed_at.is_not(None), Ticket.number.desc())
        .limit(SHOWN_TICKETS)
    )
    return [
        CallerTicket(
            t.number,
            workflow_of(t.workflow).stage(t.stage_key).name,
            t.subject,
            t.closed_at is not None,
            t.author_id,
            t.assignee_id,
        )
        for t in rows
    ]


async def get(session: AsyncSession, call_id: int) -> PhoneCall | None:
    return await session.get(PhoneCall, call_id)
