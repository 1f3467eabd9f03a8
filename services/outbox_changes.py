"""Outbox rows that change a message already in a chat, and whether a later row makes one
pointless: a change that is only sent after a later change of the same message would put the
older content back (a reply handed to the outbox, or left by a process that died after
sending it, is sent again after the person has moved on).

An edit of the text or caption sets the whole message (its buttons too), so it supersedes an
earlier edit of either kind; an edit of the buttons alone supersedes only an earlier edit of
the buttons; deleting the message supersedes everything before it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutgoingMessage
from services.outbox import resolve_synthetic

SUPERSEDED = "superseded by a later change of the message"


class Change(enum.IntEnum):
    BUTTONS = 1
    CONTENT = 2
    DELETE = 3


_BY_METHOD = {
    "editMessageReplyMarkup": Change.BUTTONS,
    "editMessageText": Change.CONTENT,
    "editMessageCaption": Change.CONTENT,
    "deleteMessage": Change.DELETE,
}


@dataclass(frozen=True, slots=True)
class _Target:
    """The changed message as the row names it: a Telegram id (real or stand-in), or the
    outbox row that sent it."""

    message_id: int | None = None
    row_id: int | None = None


@dataclass(frozen=True, slots=True)
class _RowChange:
    change: Change
    target: _Target


def _change_of(
    method: str | None, payload: dict[str, object] | None, edit_of_id: int | None, text: str
) -> _RowChange | None:
    if method is not None:
        change = _BY_METHOD.get(method)
        message_id = (payload or {}).get("message_id")
        if change is None or not isinstance(message_id, int):
            return None
        return _RowChange(change, _Target(message_id=message_id))
    if edit_of_id is None:
        return None
    # A notification's edit: no text means only its buttons change.
    return _RowChange(Change.CONTENT if text else Change.BUTTONS, _Target(row_id=edit_of_id))


def changes_a_message(row: OutgoingMessage) -> bool:
    return _change_of(row.method, row.payload, row.edit_of_id, row.text) is not None


async def superseded(session: AsyncSession, row: OutgoingMessage) -> bool:
    """Whether a later row of the chat (sent or still to go) changes the same message so that
    sending ``row`` now would show something older."""
    mine = _change_of(row.method, row.payload, row.edit_of_id, row.text)
    if mine is None:
        return False
    later = await session.execute(
        select(
            OutgoingMessage.method,
            OutgoingMessage.payload,
            OutgoingMessage.edit_of_id,
            OutgoingMessage.text,
        ).where(
            OutgoingMessage.id > row.id,
            OutgoingMessage.chat_id == row.chat_id,
            OutgoingMessage.failed_at.is_(None),
            or_(
                OutgoingMessage.method.in_(list(_BY_METHOD)), OutgoingMessage.edit_of_id.isnot(None)
            ),
        )
    )
    covering = [
        change.target
        for method, payload, edit_of_id, text in later
        if (change := _change_of(method, payload, edit_of_id, text)) is not None
        and change.change >= mine.change
    ]
    if not covering:
        return False
    real = await _real_ids(session, [mine.target, *covering])
    target = real.get(mine.target)
    return target is not None and any(real.get(other) == target for other in covering)


async def _real_ids(session: AsyncSession, targets: Iterable[_Target]) -> dict[_Target, int]:
    """Telegram's ids of the targets that are known (sent messages)."""
    targets = list(targets)
    found: dict[_Target, int] = {
        t: t.message_id for t in targets if t.message_id is not None and t.message_id > 0
    }
    stand_ins = {t.message_id for t in targets if t.message_id is not None and t.message_id < 0}
    if stand_ins:
        resolved = await resolve_synthetic(session, stand_ins)
        found |= {
            t: resolved[t.message_id]
            for t in targets
            if t.message_id is not None and t.message_id in resolved
        }
    rows = {t.row_id for t in targets if t.row_id is not None}
    if rows:
        result = await session.execute(
            select(OutgoingMessage.id, OutgoingMessage.telegram_message_id).where(
                OutgoingMessage.id.in_(rows)
            )
        )
        sent = {row_id: message_id for row_id, message_id in result}
        found |= {
            t: message_id
            for t in targets
            if t.row_id is not None and (message_id := sent.get(t.row_id)) is not None
        }
    return found
