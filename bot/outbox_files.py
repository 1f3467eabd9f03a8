"""Files whose bytes travel with an outbox message (reports): read back for sending."""

from __future__ import annotations

from aiogram.types import BufferedInputFile
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutgoingFile


async def stored_file(session: AsyncSession, message_id: int) -> BufferedInputFile:
    stored = await session.get(OutgoingFile, message_id)
    if stored is None:
        raise LookupError(f"outbox message {message_id} has no stored file")
    return BufferedInputFile(stored.content, filename=stored.filename)
