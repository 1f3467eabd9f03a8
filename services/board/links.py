"""Wall-screen links: a long random token shown once, only its sha256 stored; revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import BoardLink, Person, Role
from services.audit import Actor, AuditAction, record

# 32 random bytes: 43 URL-safe characters.
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100


# The outbox message showing a new link once (services.outbox.forget_shown_once).
SHOWN_ONCE_KIND = "board-link"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewLink:
    link: BoardLink
    token: str


async def create(session: AsyncSession, admin: Person, roles: frozenset[Role]) -> NewLink:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = BoardLink(token_hash=token_hash(token), created_by_id=admin.id)
    session.add(link)
    await session.flush()
    await record(
        session,
        Actor.person(admin.id, roles),
        AuditAction.SETTINGS_CHANGED,
        details={"what": "board_link", "op": "created", "link_id": link.id},
    )
    return NewLink(link, token)


async def active(session: AsyncSession) -> list[BoardLink]:
    return list(
        await session.scalars(
            select(BoardLink).where(BoardLink.revoked_at.is_(None)).order_by(BoardLink.id)
        )
    )


async def revoke(
    session: AsyncSession, link_id: int, admin: Person, roles: frozenset[Role]
) -> bool:
    """``False`` when there is no such active link (already revoked, or never was)."""
    link = await session.get(BoardLink, link_id)
    if link is None or link.revoked_at is not None:
        return False
    link.revoked_at = utcnow()
    link.revoked_by_id = admin.id
    await record(
        session,
        Actor.person(admin.id, roles),
        AuditAction.SETTINGS_CHANGED,
        details={"what": "board_link", "op": "revoked", "link_id": link.id},
    )
    return True


async def mark_used(session: AsyncSession, link_id: int | None, at: datetime) -> None:
    """When a screen last opened the page (shown to admins in /board)."""
    if link_id is not None:
        await session.execute(
            update(BoardLink).where(BoardLink.id == link_id).values(last_used_at=at)
        )


async def resolve(session: AsyncSession, token: str) -> BoardLink | None:
    """The active link of ``token``, or ``None`` (unknown, malformed or revoked)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    link = await session.scalar(select(BoardLink).where(BoardLink.token_hash == token_hash(token)))
    if link is None or link.revoked_at is not None:
        return None
    return link
