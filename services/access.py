"""Access requests from unknown Telegram users and the admins' decisions on them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import AccessRequest, AccessRequestStatus, Person, Role
from services import people
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
    if person is None:
        first, _, last = request.telegram_name.partition(" ")
        person = await people.create_from_profile(
            session,
            TelegramProfile(request.telegram_id, first, last or None, request.telegram_username),
            chosen,
        )
    else:
        person.is_active = True
        person.deactivated_at = None
        await people.set_roles(session, person, chosen)
    _close(request, AccessRequestStatus.APPROVED, admin)
    request.person_id = person.id
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
