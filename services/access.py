"""Access requests from unknown Telegram users and the admins' decisions on them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.dialect import is_postgres
from db.locks import lock_id
from db.models import AccessRequest, AccessRequestStatus, Person, Role
from services import people
from services.audit import Actor, AuditAction, record, record_role_change
from services.people import TelegramProfile


class DecisionOutcome(enum.StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    ALREADY_DECIDED = "already_decided"
    NO_ROLES = "no_roles"


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: DecisionOutcome
    request: AccessRequest | None = None
    person: Person | None = None


class AskOutcome(enum.StrEnum):
    CREATED = "created"  # a new request: the admins are to be told, once
    PENDING = "pending"  # one is already waiting for a decision
    COOLING_DOWN = "cooling_down"  # rejected recently; ``retry_at`` says when to ask again


@dataclass(frozen=True, slots=True)
class AccessAsk:
    outcome: AskOutcome
    request: AccessRequest | None = None
    retry_at: datetime | None = None


async def ask_for_access(
    session: AsyncSession,
    profile: TelegramProfile,
    *,
    cooldown: timedelta,
    now: datetime | None = None,
) -> AccessAsk:
    """A stranger's request: one pending per person, none for ``cooldown`` after a rejection.

    ``CREATED`` comes back once per request, so telling the admins only then tells them once,
    however often (or however simultaneously) the button is pressed.
    """
    await _serialize_person(session, profile.telegram_id)
    pending = await pending_for(session, profile.telegram_id)
    if pending is not None:
        return AccessAsk(AskOutcome.PENDING, pending)
    retry_at = await cooldown_until(session, profile.telegram_id, cooldown, now)
    if retry_at is not None:
        return AccessAsk(AskOutcome.COOLING_DOWN, retry_at=retry_at)
    request, created = await request_access(session, profile)
    return AccessAsk(AskOutcome.CREATED if created else AskOutcome.PENDING, request)


async def cooldown_until(
    session: AsyncSession, telegram_id: int, cooldown: timedelta, now: datetime | None = None
) -> datetime | None:
    """When this person may ask again after their latest rejection; None if they may now."""
    if cooldown <= timedelta(0):
        return None
    rejected_at = await session.scalar(
        select(AccessRequest.decided_at)
        .where(
            AccessRequest.telegram_id == telegram_id,
            AccessRequest.status == AccessRequestStatus.REJECTED,
            AccessRequest.decided_at.is_not(None),
        )
        .order_by(AccessRequest.decided_at.desc())
        .limit(1)
    )
    if rejected_at is None:
        return None
    retry_at = rejected_at + cooldown
    return retry_at if retry_at > (now or utcnow()) else None


async def _serialize_person(session: AsyncSession, telegram_id: int) -> None:
    """One request decision per person at a time. Updates from one person are already handled
    one at a time (the person lock), but not across processes without Redis; on PostgreSQL a
    transaction-level advisory lock settles that, so the second sees the first's request.
    SQLite transactions take the write lock up front."""
    if is_postgres(session):
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:id)"),
            {"id": lock_id(f"access_request:{telegram_id}")},
        )


async def pending_for(session: AsyncSession, telegram_id: int) -> AccessRequest | None:
    return await session.scalar(
        select(AccessRequest).where(
            AccessRequest.telegram_id == telegram_id,
            AccessRequest.status == AccessRequestStatus.PENDING,
        )
    )


async def request_access(
    session: AsyncSession, profile: TelegramProfile
) -> tuple[AccessRequest, bool]:
    """Open a request unless one is pending; returns it and whether it is new."""
    existing = await pending_for(session, profile.telegram_id)
    if existing is not None:
        return existing, False
    request = AccessRequest(
        telegram_id=profile.telegram_id,
        telegram_name=profile.display_name[:200],
        telegram_username=profile.username,
    )
    session.add(request)
    await session.flush()
    return request, True


async def list_pending(session: AsyncSession, limit: int = 20) -> list[AccessRequest]:
    return list(
        await session.scalars(
            select(AccessRequest)
            .where(AccessRequest.status == AccessRequestStatus.PENDING)
            .order_by(AccessRequest.id)
            .limit(limit)
        )
    )


async def _lock_pending(session: AsyncSession, request_id: int) -> Decision | AccessRequest:
    request = await session.scalar(
        select(AccessRequest).where(AccessRequest.id == request_id).with_for_update()
    )
    if request is None:
        return Decision(DecisionOutcome.NOT_FOUND)
    if request.status != AccessRequestStatus.PENDING:
        return Decision(DecisionOutcome.ALREADY_DECIDED, request)
    return request


async def approve(
    session: AsyncSession, request_id: int, roles: Iterable[Role], admin: Person
) -> Decision:
    chosen = set(roles)
    if not chosen:
        return Decision(DecisionOutcome.NO_ROLES)
    locked = await _lock_pending(session, request_id)
    if isinstance(locked, Decision):
        return locked
    request = locked
    person = await people.by_telegram_id(session, request.telegram_id)
    before = person.role_set if person is not None else frozenset()
    if person is None:
        first, _, last = request.telegram_name.partition(" ")
        person = await people.create_from_profile(
            session,
            TelegramProfile(request.telegram_id, first, last or None, request.telegram_username),
            chosen,
        )
    else:
        if not person.is_active:
            who = Actor.person(admin.id, admin.role_set)
            await record(session, who, AuditAction.REACTIVATED, subject_person_id=person.id)
        person.is_active = True
        person.deactivated_at = None
        await people.set_roles(session, person, chosen)
    _close(request, AccessRequestStatus.APPROVED, admin)
    request.person_id = person.id
    who = Actor.person(admin.id, admin.role_set)
    await record_role_change(session, who, person.id, before, chosen)
    return Decision(DecisionOutcome.DONE, request, person)


async def reject(session: AsyncSession, request_id: int, admin: Person) -> Decision:
    locked = await _lock_pending(session, request_id)
    if isinstance(locked, Decision):
        return locked
    _close(locked, AccessRequestStatus.REJECTED, admin)
    return Decision(DecisionOutcome.DONE, locked)


def _close(request: AccessRequest, status: AccessRequestStatus, admin: Person) -> None:
    request.status = status
    request.decided_at = utcnow()
    request.decided_by_id = admin.id
