"""API keys: made by admins, shown once, stored as a sha256 hash, revoked for good.

A key reads ``hdk_<prefix>_<secret>``: the prefix (8 characters) is stored in the clear to find
the key and to show it in lists; the whole key is compared by its hash in constant time.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from db.base import utcnow
from db.models import ApiKey, Person
from services import outbox, people

KEY_START = "hdk_"
PREFIX_LENGTH = 8
NAME_LIMIT = 100
# last_used_at is written at most this often per key (not one more write per request).
LAST_USED_PRECISION = timedelta(minutes=1)
# The outbox message that shows a new key once (services.outbox.forget_shown_once).
SHOWN_SECRET_KIND = "api-key"
SCRUBBED_TEXT = "🔑 (ключ показан один раз и здесь не хранится)"
_PREFIX_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class Scope(enum.StrEnum):
    READ = "read"  # read tickets (with personal data) and the staff list
    CREATE = "create"  # create tickets
    COMMENT = "comment"  # comment on tickets


ALL_SCOPES: tuple[Scope, ...] = (Scope.READ, Scope.CREATE, Scope.COMMENT)


@dataclass(frozen=True, slots=True)
class NewKey:
    key: ApiKey
    secret: str  # the whole key, to be shown once


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _prefix_of(secret: str) -> str | None:
    if not secret.startswith(KEY_START):
        return None
    prefix = secret[: len(KEY_START) + PREFIX_LENGTH]
    return prefix if len(prefix) == len(KEY_START) + PREFIX_LENGTH else None


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    wanted = set(scopes)
    return [scope.value for scope in ALL_SCOPES if scope.value in wanted]


async def create_key(
    session: AsyncSession, *, name: str, scopes: Iterable[str], created_by_id: int | None
) -> NewKey:
    chosen = clean_scopes(scopes)
    if not chosen:
        raise ValueError("a key needs at least one scope")
    name = " ".join(name.split())[:NAME_LIMIT]
    if not name:
        raise ValueError("a key needs a name")
    while True:
        prefix = KEY_START + "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
        taken = await session.scalar(select(ApiKey.id).where(ApiKey.prefix == prefix))
        if taken is None:
            break
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        name=name,
        prefix=prefix,
        hash=hash_secret(secret),
        scopes=chosen,
        created_by_id=created_by_id,
        created_at=utcnow(),
    )
    session.add(key)
    await session.flush()
    return NewKey(key, secret)


async def find_key(
    session: AsyncSession,
    secret: str,
    also: Sequence[ColumnElement[Any]] = (),
    *,
    acting_person_id: int | None = None,
) -> tuple[ApiKey | None, tuple[Any, ...]]:
    """The active key ``secret`` is, or ``None`` (unknown, malformed or revoked); with the
    values of ``also``, scalar subqueries read in the same statement. The person the key acts
    as (``acting_person_id``, else its creator) is read along, with their roles, and kept in
    the session for whatever of the request needs them (the ticket card's author)."""
    prefix = _prefix_of(secret)
    if prefix is None:
        return None, ()
    acting = func.coalesce(literal(acting_person_id, Integer), ApiKey.created_by_id)
    query = (
        select(ApiKey, Person, *also)
        .outerjoin(Person, Person.id == acting)
        .where(ApiKey.prefix == prefix)
        .options(joinedload(Person.roles))
    )
    row = (await session.execute(query)).unique().first()
    if row is None:
        return None, ()
    key: ApiKey = row[0]
    if not hmac.compare_digest(key.hash, hash_secret(secret)) or key.revoked_at is not None:
        return None, ()
    if row[1] is not None:
        people.keep(session, [row[1]])
    return key, tuple(row[2:])


async def touch(session: AsyncSession, key: ApiKey, now: datetime | None = None) -> bool:
    """Note the key's use, at most once per ``LAST_USED_PRECISION``; True when written."""
    now = now or utcnow()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_PRECISION:
        return False
    if key.last_used_at is None:  # its first use: the message that showed it was read
        await scrub_shown_secrets(session, key.id)
    await session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
    key.last_used_at = now
    return True


async def list_keys(session: AsyncSession) -> list[ApiKey]:
    """Every key, active ones first, newest first."""
    rows = await session.scalars(
        select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc())
    )
    return list(rows)


async def revoke_key(
    session: AsyncSession, key_id: int, now: datetime | None = None
) -> ApiKey | None:
    """Revoke an active key; ``None`` when there is no such active key."""
    key = await session.get(ApiKey, key_id, with_for_update=True)
    if key is None or key.revoked_at is not None:
        return None
    key.revoked_at = now or utcnow()
    await session.flush()
    return key


async def active_key(session: AsyncSession, key_id: int) -> ApiKey | None:
    key = await session.get(ApiKey, key_id)
    return key if key is not None and key.revoked_at is None else None


def shown_secret_key(key_id: int) -> str:
    """The outbox dedupe key of the message showing key ``key_id`` once."""
    return outbox.shown_once_key(SHOWN_SECRET_KIND, key_id)


async def scrub_shown_secrets(session: AsyncSession, key_id: int | None = None) -> int:
    """Blank the outbox's copies of keys already shown (sent), or of key ``key_id`` now that
    it is in use; how many were blanked."""
    return await outbox.forget_shown_once(session, SHOWN_SECRET_KIND, SCRUBBED_TEXT, key_id)
