"""One-time invitation links ``t.me/<bot>?start=<token>`` and linking Telegram accounts.

Only the SHA-256 of a token is stored, so the database alone does not let anyone link
an account. A new link for a person retires their older unused ones. Opening a link links
the account to the person and grants the executor role; a link works once and expires.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import AccessRequest, AccessRequestStatus, Invitation, Person, Role
from services import people
from services.audit import SYSTEM, Actor, AuditAction, record, record_role_change
from services.people import TelegramProfile

# Telegram allows up to 64 characters A-Z, a-z, 0-9, _ and - in a start parameter.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_TOKEN_BYTES = 24  # 32 characters of base64url


class LinkOutcome(enum.StrEnum):
    LINKED = "linked"
    ALREADY_YOURS = "already_yours"  # this account is already linked to this person
    INVALID = "invalid"
    USED = "used"
    EXPIRED = "expired"
    ACCOUNT_TAKEN = "account_taken"  # the account is linked to another person
    PERSON_TAKEN = "person_taken"  # the person is linked to another account
    INACTIVE = "inactive"
    NOT_PENDING = "not_pending"  # access request already decided


@dataclass(frozen=True, slots=True)
class Link:
    outcome: LinkOutcome
    person: Person | None = None
    created_by_id: int | None = None  # who issued the invitation, told when it is used


@dataclass(frozen=True, slots=True)
class Issued:
    person: Person
    token: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


async def issue(session: AsyncSession, person: Person, creator: Person | None, days: int) -> Issued:
    now = utcnow()
    await session.execute(
        update(Invitation)
        .where(
            Invitation.person_id == person.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    session.add(
        Invitation(
            person_id=person.id,
            token_hash=hash_token(token),
            created_by_id=creator.id if creator else None,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    actor = Actor.person(creator.id, creator.role_set) if creator else SYSTEM
    await record(session, actor, AuditAction.INVITED, subject_person_id=person.id)
    await session.flush()
    return Issued(person, token)


async def issue_for_unlinked(
    session: AsyncSession, creator: Person | None, days: int
) -> list[Issued]:
    """Fresh links for every active person who has no Telegram account yet."""
    found = await session.scalars(
        select(Person)
        .where(Person.is_active.is_(True), Person.telegram_id.is_(None))
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    return [await issue(session, person, creator, days) for person in found]


async def live_links_for_unlinked(session: AsyncSession) -> int:
    """Unused, unexpired links of the people a mass issue would give new links (voiding these)."""
    count = await session.scalar(
        select(func.count(Invitation.id))
        .join(Person, Person.id == Invitation.person_id)
        .where(
            Person.is_active.is_(True),
            Person.telegram_id.is_(None),
            Invitation.used_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    return int(count or 0)


async def redeem(session: AsyncSession, token: str, profile: TelegramProfile) -> Link:
    if not TOKEN_RE.fullmatch(token):
        return Link(LinkOutcome.INVALID)
    invitation = await session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token)).with_for_update()
    )
    if invitation is None:
        return Link(LinkOutcome.INVALID)
    person = await session.get(Person, invitation.person_id)
    if person is None:
        return Link(LinkOutcome.INVALID)
    if invitation.used_at is not None:
        yours = invitation.used_by_telegram_id == profile.telegram_id
        return Link(LinkOutcome.ALREADY_YOURS if yours else LinkOutcome.USED, person)
    if invitation.expires_at <= utcnow():
        return Link(LinkOutcome.EXPIRED, person)
    before = person.role_set
    outcome = await link_account(session, person, profile)
    if outcome is LinkOutcome.LINKED:
        # The invited person opened their link: the executor role came with the invitation.
        who = Actor.person(person.id, before)
        await record_role_change(session, who, person.id, before, person.role_set)
        invitation.used_at = utcnow()
        invitation.used_by_telegram_id = profile.telegram_id
    return Link(outcome, person, invitation.created_by_id)


async def link_account(
    session: AsyncSession, person: Person, profile: TelegramProfile
) -> LinkOutcome:
    """Link the Telegram account to ``person`` and grant the executor role."""
    if not person.is_active:
        return LinkOutcome.INACTIVE
    if person.telegram_id is not None and person.telegram_id != profile.telegram_id:
        return LinkOutcome.PERSON_TAKEN
    owner = await people.by_telegram_id(session, profile.telegram_id)
    if owner is not None and owner.id != person.id:
        return LinkOutcome.ACCOUNT_TAKEN
    person.telegram_id = profile.telegram_id
    person.telegram_username = profile.username
    await people.set_roles(session, person, person.role_set | {Role.EXECUTOR})
    return LinkOutcome.LINKED


async def link_request(
    session: AsyncSession,
    request_id: int,
    person_id: int,
    admin: Person,
    roles: frozenset[Role] | None = None,
) -> tuple[LinkOutcome, AccessRequest | None, Person | None]:
    """Approve an access request by linking its account to an existing staff record.

    ``roles``, when given, replace the record's roles (the admin chose them); otherwise the
    record keeps its roles and gains the executor role.
    """
    request = await session.scalar(
        select(AccessRequest).where(AccessRequest.id == request_id).with_for_update()
    )
    person = await session.get(Person, person_id)
    if request is None or person is None:
        return LinkOutcome.INVALID, request, person
    if request.status != AccessRequestStatus.PENDING:
        return LinkOutcome.NOT_PENDING, request, person
    profile = TelegramProfile(request.telegram_id, request.telegram_name, None, None)
    before = person.role_set
    outcome = await link_account(session, person, profile)
    if outcome is LinkOutcome.LINKED:
        if roles:
            await people.set_roles(session, person, roles)
        who = Actor.person(admin.id, admin.role_set)
        await record_role_change(session, who, person.id, before, person.role_set)
        person.telegram_username = request.telegram_username
        request.status = AccessRequestStatus.APPROVED
        request.decided_at = utcnow()
        request.decided_by_id = admin.id
        request.person_id = person.id
    return outcome, request, person
