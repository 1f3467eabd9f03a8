"""Recording audited actions (152-ФЗ): ``await record(session, actor, AuditAction.X, ...)``.

The entry is written in the caller's transaction, so it exists exactly when the action does.
Denied attempts are recorded with ``result="denied"`` in their own (read-only) update's
transaction, which the pipeline commits as well.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.audit import AuditEntry
from db.models.people import PersonRole
from services import people


class AuditAction(enum.StrEnum):
    CARD_VIEWED = "card_viewed"  # a ticket card with personal data was shown
    NOTICE_SENT = "notice_sent"  # a notice showing personal data was sent (to a person or chat)
    TICKET_CREATED = "ticket_created"
    TICKET_CHANGED = "ticket_changed"
    STAFF_IMPORTED = "staff_imported"
    EXPORTED = "exported"  # details: {"what": "tickets" | "staff" | "report" | "audit" | ...}
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"  # access switched back on
    INVITED = "invited"
    ERASED = "erased"
    SUBJECT_EXPORTED = "subject_exported"
    SETTINGS_CHANGED = "settings_changed"  # details: {"what": "fields" | "stages" | ...}
    NOTICE_ACCEPTED = "notice_accepted"
    RETENTION_RUN = "retention_run"
    API_CALL = "api_call"


class ActorKind(enum.StrEnum):
    PERSON = "person"
    API_KEY = "api_key"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: int | None = None
    roles: str = ""

    @classmethod
    def person(cls, person_id: int, roles: Iterable[str] = ()) -> Actor:
        return cls(ActorKind.PERSON, person_id, ",".join(sorted(str(r) for r in roles)))

    @classmethod
    def api_key(cls, key_id: int, scopes: Iterable[str] = ()) -> Actor:
        return cls(ActorKind.API_KEY, key_id, ",".join(sorted(scopes)))


SYSTEM = Actor(ActorKind.SYSTEM)


async def record(
    session: AsyncSession,
    actor: Actor,
    action: AuditAction,
    *,
    result: str = "ok",
    ticket_number: int | None = None,
    subject_person_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor_kind=actor.kind.value,
            actor_id=actor.id,
            actor_roles=actor.roles,
            action=action.value,
            result=result,
            ticket_number=ticket_number,
            subject_person_id=subject_person_id,
            details=dict(details or {}),
        )
    )


def roles_now(person_id: int) -> ScalarSelect[str]:
    """The person's roles as the database holds them when the entry is written ("a,b")."""
    held = (
        select(PersonRole.role)
        .where(PersonRole.person_id == person_id)
        .order_by(PersonRole.role)
        .subquery()
    )
    return select(func.coalesce(func.aggregate_strings(held.c.role, ","), "")).scalar_subquery()


def record_by_person_id(
    session: AsyncSession,
    person_id: int | None,
    action: AuditAction,
    *,
    result: str = "ok",
    ticket_number: int | None = None,
    subject_person_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """``record`` for code that knows only who acted (None: the system), not their roles:
    the roles are read by the INSERT itself, unless the session holds the person already.
    Synchronous, so the ticket history can call it."""
    session.add(
        entry_by_person_id(
            person_id,
            action,
            result=result,
            ticket_number=ticket_number,
            subject_person_id=subject_person_id,
            details=details,
            session=session,
        )
    )


def entry_by_person_id(
    person_id: int | None,
    action: AuditAction,
    *,
    result: str = "ok",
    ticket_number: int | None = None,
    subject_person_id: int | None = None,
    details: Mapping[str, Any] | None = None,
    session: AsyncSession | None = None,
) -> AuditEntry:
    """The entry ``record_by_person_id`` adds, for a caller that adds it later. The roles
    are those of the person as ``session`` holds them (read in its transaction), else read
    by the INSERT."""
    entry = AuditEntry(
        actor_kind=(ActorKind.PERSON if person_id is not None else ActorKind.SYSTEM).value,
        actor_id=person_id,
        action=action.value,
        result=result,
        ticket_number=ticket_number,
        subject_person_id=subject_person_id,
        details=dict(details or {}),
    )
    if person_id is None:
        entry.actor_roles = ""
        return entry
    person = people.loaded(session, person_id) if session is not None else None
    if person is not None:
        entry.actor_roles = Actor.person(person_id, (role.role for role in person.roles)).roles
    else:
        entry.actor_roles = roles_now(person_id)  # read by the INSERT
    return entry


async def person_actor(session: AsyncSession, person_id: int) -> Actor:
    """An actor with the roles the database holds for them now."""
    roles = await session.scalars(select(PersonRole.role).where(PersonRole.person_id == person_id))
    return Actor.person(person_id, roles)


async def record_role_change(
    session: AsyncSession,
    actor: Actor,
    person_id: int,
    before: Iterable[str],
    after: Iterable[str],
) -> None:
    """One ROLE_GRANTED / ROLE_REVOKED entry per role that changed."""
    old, new = {str(r) for r in before}, {str(r) for r in after}
    for role in sorted(new - old):
        await record(
            session,
            actor,
            AuditAction.ROLE_GRANTED,
            subject_person_id=person_id,
            details={"role": role},
        )
    for role in sorted(old - new):
        await record(
            session,
            actor,
            AuditAction.ROLE_REVOKED,
            subject_person_id=person_id,
            details={"role": role},
        )
