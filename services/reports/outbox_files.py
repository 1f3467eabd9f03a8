"""Queue a document or photo whose bytes are stored with the outbox message (exactly once)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutgoingFile, OutgoingMessage
from services import outbox

FileKind = Literal["document", "photo"]


async def enqueue_file(
    session: AsyncSession,
    chat_id: int,
    caption: str,
    kind: FileKind,
    filename: str,
    content: bytes,
    *,
    dedupe_key: str,
) -> OutgoingMessage:
    message = outbox.enqueue(
        session,
        chat_id,
        caption,
        dedupe_key=dedupe_key,
        attachment={"kind": kind, "stored": "1"},
    )
    await session.flush()
    session.add(OutgoingFile(message_id=message.id, kind=kind, filename=filename, content=content))
    return message
