"""Messages the bot must send, stored in the same transaction as the change that caused them.

Delivery works in short transactions: a message is *claimed* with a lease of a few seconds
(renewed while its process is sending it), sent outside any transaction, and its outcome
recorded in another. A process that dies loses its leases within seconds, and another
process (or the restarted one) takes the messages over. Each chat's messages go out in
order: only the oldest unfinished message of a chat can be claimed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.dml import ReturningInsert

from db.base import utcnow
from db.models import OutgoingFile, OutgoingMessage, Person

_WRITTEN_FLAG = "outbox_written"
LEASE_SECONDS = 5.0
# A message whose delivery is uncertain (timeout, 5xx) is tried this many times in all.
AMBIGUOUS_ATTEMPTS = 3
# Failures that prove nothing was delivered are retried, but not for ever.
GIVE_UP_AFTER = timedelta(hours=24)
DEACTIVATED = "recipient deactivated"


def enqueue(
    session: AsyncSession,
    chat_id: int,
    text: str,
    reply_markup: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    edit_of: int | None = None,
    attachment: dict[str, str] | None = None,
) -> OutgoingMessage:
    """Queue a message; ``edit_of`` (an outbox id) edits that message instead of sending,
    ``attachment`` ({"kind": "photo" or "document", "file_id": ...}) sends a file captioned
    with ``text``."""
    message = OutgoingMessage(
        chat_id=chat_id,
        text=text,
        reply_markup=reply_markup,
        dedupe_key=dedupe_key,
        edit_of_id=edit_of,
        attachment=attachment,
    )
    session.add(message)
    session.info[_WRITTEN_FLAG] = True
    return message


# A message showing a secret once (a new API key, a board link): its stored copy is blanked
# (forget_shown_once) once the secret reached its reader, so only a hash stays at rest.
SHOWN_ONCE = "shown-once:"


def shown_once_key(kind: str, item_id: int) -> str:
    """The dedupe key of the message showing secret ``item_id`` of ``kind`` once."""
    return f"{SHOWN_ONCE}{kind}:{item_id}"


async def forget_shown_once(
    session: AsyncSession, kind: str, replacement: str, item_id: int | None = None
) -> int:
    """Blank stored copies of ``kind`` secrets; how many were blanked.

    Without ``item_id``: those already sent. With it: that one, sent or not yet recorded as
    sent: the secret is in use, so whoever it was shown to has it (a resend would carry the
    blank text, never the secret).
    """
    which = (
        (
            OutgoingMessage.dedupe_key.like(f"{SHOWN_ONCE}{kind}:%"),
            OutgoingMessage.sent_at.is_not(None),
        )
        if item_id is None
        else (OutgoingMessage.dedupe_key == shown_once_key(kind, item_id),)
    )
    result = await session.execute(
        update(OutgoingMessage)
        .where(*which, OutgoingMessage.text != replacement)
        .values(text=replacement)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def was_written(session: AsyncSession) -> bool:
    return bool(session.info.pop(_WRITTEN_FLAG, False))


@dataclass(frozen=True)
class JournalEntry:
    """A handler's reply as a Bot API call, kept until it has been made."""

    chat_id: int
    method: str
    payload: dict[str, Any]
    synthetic_id: int | None
    update_id: int | None
    file: tuple[str, bytes] | None = None


@functools.cache
def _journal_statement() -> ReturningInsert[int]:
    # A Core statement built once: the ORM's unit of work cost a step more CPU than the
    # INSERT itself, and nothing reads these rows back as objects in the same transaction.
    table = cast(Table, OutgoingMessage.__table__)
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


async def journal(
    session: AsyncSession, entries: Sequence[JournalEntry], *, claimed: bool
) -> list[int]:
    """Write the entries (in order); returns their row ids. ``claimed``: the writing process
    sends them itself right after the commit, so they carry its lease; otherwise the sender
    takes them."""
    if not entries:
        return []
    now = utcnow()
    claimed_until = now + timedelta(seconds=LEASE_SECONDS) if claimed else None
    rows = [
        {
            "chat_id": entry.chat_id,
            "text": "",
            "method": entry.method,
            "payload": entry.payload,
            "synthetic_id": entry.synthetic_id,
            "update_id": entry.update_id,
            "claimed_until": claimed_until,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
            "ambiguous_failures": 0,
        }
        for entry in entries
    ]
    # One row (most steps) as a plain execute: executemany's batching costs more than it saves.
    result = await session.execute(_journal_statement(), rows[0] if len(rows) == 1 else rows)
    ids = list(result.scalars())
    files = [
        OutgoingFile(message_id=row_id, kind="file", filename=entry.file[0], content=entry.file[1])
        for row_id, entry in zip(ids, entries, strict=True)
        if entry.file is not None
    ]
    session.add_all(files)
    if not claimed:
        session.info[_WRITTEN_FLAG] = True
    return ids


def _pending() -> Any:
    return and_(OutgoingMessage.sent_at.is_(None), OutgoingMessage.failed_at.is_(None))


def _unclaimed(now: datetime) -> Any:
    return or_(OutgoingMessage.claimed_until.is_(None), OutgoingMessage.claimed_until < now)


async def due_heads(
    session: AsyncSession, limit: int, now: datetime, skip_chats: Iterable[int] = ()
) -> list[int]:
    """The oldest unfinished message of each chat, when it is due and nobody holds it."""
    earlier = aliased(OutgoingMessage)
    query = (
        select(OutgoingMessage.id)
        .where(
            _pending(),
            OutgoingMessage.next_attempt_at <= now,
            _unclaimed(now),
            ~exists().where(
                earlier.chat_id == OutgoingMessage.chat_id,
                earlier.id < OutgoingMessage.id,
                earlier.sent_at.is_(None),
                earlier.failed_at.is_(None),
            ),
        )
        .order_by(OutgoingMessage.id)
        .limit(limit)
    )
    skip = list(skip_chats)
    if skip:
        query = query.where(OutgoingMessage.chat_id.not_in(skip))
    return list((await session.scalars(query)).all())


async def claim(
    session: AsyncSession, message_ids: Sequence[int], now: datetime
) -> list[OutgoingMessage]:
    """Lease the messages that are still free; the others were taken by another process."""
    if not message_ids:
        return []
    claimed = await session.scalars(
        update(OutgoingMessage)
        .where(OutgoingMessage.id.in_(message_ids), _pending(), _unclaimed(now))
        .values(claimed_until=now + timedelta(seconds=LEASE_SECONDS))
        .returning(OutgoingMessage)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed.all(), key=lambda row: row.id)


async def drop_to_deactivated(
    session: AsyncSession, rows: Sequence[OutgoingMessage], now: datetime
) -> set[int]:
    """Notifications to people deactivated after they were queued are dropped, not sent."""
    chats = {row.chat_id for row in rows if row.update_id is None}
    if not chats:
        return set()
    result = await session.execute(
        select(Person.telegram_id, Person.deactivated_at).where(
            Person.telegram_id.in_(chats), Person.is_active.is_(False)
        )
    )
    inactive = {telegram_id: deactivated_at for telegram_id, deactivated_at in result}
    dropped = {
        row.id
        for row in rows
        if row.update_id is None
        and row.chat_id in inactive
        and ((deactivated := inactive[row.chat_id]) is None or deactivated >= row.created_at)
    }
    for message_id in dropped:
        await mark_failed(session, message_id, DEACTIVATED, now)
    return dropped


async def renew(session: AsyncSession, message_ids: Iterable[int], now: datetime) -> None:
    ids = list(message_ids)
    if ids:
        # A row locked at this moment is being marked sent (or failed) by its sender, so it
        # needs no renewal; not waiting for it also means no deadlock with that sender.
        renewable = (
            select(OutgoingMessage.id)
            .where(OutgoingMessage.id.in_(ids), _pending())
            .order_by(OutgoingMessage.id)
            .with_for_update(skip_locked=True)
        )
        await session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id.in_(renewable.scalar_subquery()))
            .values(claimed_until=now + timedelta(seconds=LEASE_SECONDS))
            .execution_options(synchronize_session=False)
        )


async def release(session: AsyncSession, message_id: int) -> None:
    """Give the message to whichever sender comes next."""
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id)
        .values(claimed_until=None)
        .execution_options(synchronize_session=False)
    )


async def mark_sent(
    session: AsyncSession,
    message_id: int,
    telegram_message_id: int | None,
    now: datetime | None = None,
) -> None:
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id)
        .values(
            sent_at=now or utcnow(), telegram_message_id=telegram_message_id, claimed_until=None
        )
        .execution_options(synchronize_session=False)
    )


async def mark_sent_many(session: AsyncSession, sent: dict[int, int | None], now: datetime) -> None:
    """Several delivered messages at once: outbox id -> Telegram message id."""
    if sent:
        await session.execute(
            update(OutgoingMessage),
            [
                {
                    "id": row_id,
                    "sent_at": now,
                    "telegram_message_id": message_id,
                    "claimed_until": None,
                }
                # In id order, as every writer of several rows locks them: no deadlock.
                for row_id, message_id in sorted(sent.items())
            ],
        )


async def mark_failed(
    session: AsyncSession, message_id: int, reason: str, now: datetime | None = None
) -> None:
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id)
        .values(failed_at=now or utcnow(), error=reason[:200], claimed_until=None)
        .execution_options(synchronize_session=False)
    )


async def retry_later(
    session: AsyncSession,
    row: OutgoingMessage,
    delay: timedelta,
    reason: str,
    *,
    ambiguous: bool,
    now: datetime | None = None,
) -> bool:
    """Put the message back in the queue; False when it is given up instead (after
    ``AMBIGUOUS_ATTEMPTS`` uncertain tries, or ``GIVE_UP_AFTER`` since it was queued)."""
    now = now or utcnow()
    ambiguous_failures = row.ambiguous_failures + (1 if ambiguous else 0)
    if ambiguous_failures >= AMBIGUOUS_ATTEMPTS or now - row.created_at > GIVE_UP_AFTER:
        await session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == row.id)
            .values(
                failed_at=now,
                error=f"gave up: {reason}"[:200],
                ambiguous_failures=ambiguous_failures,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False)
        )
        return False
    await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == row.id)
        .values(
            next_attempt_at=now + delay,
            attempts=OutgoingMessage.attempts + 1,
            ambiguous_failures=ambiguous_failures,
            error=reason[:200],
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    return True


async def resolve_synthetic(session: AsyncSession, synthetic_ids: Iterable[int]) -> dict[int, int]:
    """Real message ids of delivered replies, by the stand-in ids handlers were given."""
    ids = list(synthetic_ids)
    if not ids:
        return {}
    rows = await session.execute(
        select(OutgoingMessage.synthetic_id, OutgoingMessage.telegram_message_id).where(
            OutgoingMessage.synthetic_id.in_(ids),
            OutgoingMessage.telegram_message_id.is_not(None),
        )
    )
    return {
        synthetic: real
        for synthetic, real in rows
        if synthetic is not None and real is not None  # real: never NULL, see the WHERE
    }


async def stored_files(
    session: AsyncSession, message_ids: Iterable[int]
) -> dict[int, OutgoingFile]:
    ids = list(message_ids)
    if not ids:
        return {}
    files = await session.scalars(select(OutgoingFile).where(OutgoingFile.message_id.in_(ids)))
    return {file.message_id: file for file in files}


async def next_due_at(session: AsyncSession) -> datetime | None:
    return await session.scalar(
        select(OutgoingMessage.next_attempt_at)
        .where(_pending())
        .order_by(OutgoingMessage.next_attempt_at)
        .limit(1)
    )
