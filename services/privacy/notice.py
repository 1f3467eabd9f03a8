"""The privacy notice: which version a person accepted, and accepting it (audited)."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PrivacyAcceptance
from services.audit import Actor, AuditAction, record


def version_tag(version: str) -> str:
    """A short, button-safe tag of a notice version: a press on the button of an older
    notice does not accept a newer one."""
    return hashlib.sha256(version.encode()).hexdigest()[:8]


async def has_accepted(session: AsyncSession, person_id: int, version: str) -> bool:
    found = await session.scalar(
        select(PrivacyAcceptance.id).where(
            PrivacyAcceptance.person_id == person_id, PrivacyAcceptance.version == version
        )
    )
    return found is not None


# (person id, version) pairs known accepted, per database: acceptances are never withdrawn,
# so the notices of people at work cost no query after the first.
_KNOWN: weakref.WeakKeyDictionary[Engine, set[tuple[int, str]]] = weakref.WeakKeyDictionary()


async def accepted_among(
    session: AsyncSession, person_ids: Iterable[int], version: str
) -> set[int]:
    """Which of these people accepted ``version``: one query for those not known yet."""
    bind = session.get_bind()
    engine: Engine = bind.engine if isinstance(bind, Connection) else bind
    known = _KNOWN.setdefault(engine, set())
    wanted = set(person_ids)
    unknown = {i for i in wanted if (i, version) not in known}
    if unknown:
        found = await session.scalars(
            select(PrivacyAcceptance.person_id).where(
                PrivacyAcceptance.person_id.in_(unknown), PrivacyAcceptance.version == version
            )
        )
        known.update((person_id, version) for person_id in found)
    return {i for i in wanted if (i, version) in known}


async def accept(session: AsyncSession, person_id: int, roles: Iterable[str], version: str) -> bool:
    """Store the acceptance of ``version``; False when it was stored before (a second press)."""
    if await has_accepted(session, person_id, version):
        return False
    try:
        async with session.begin_nested():
            session.add(PrivacyAcceptance(person_id=person_id, version=version))
            await session.flush()
    except IntegrityError:  # the same press handled twice at once
        return False
    await record(
        session,
        Actor.person(person_id, roles),
        AuditAction.NOTICE_ACCEPTED,
        subject_person_id=person_id,
        details={"version": version},
    )
    return True
