"""The field set in use, seeded from [tickets] fields when the database has none."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from db.models import FieldSetVersion
from services.fields import FieldSet
from services.tickets.fieldsets import current_fields


async def active_fields(
    session: AsyncSession, settings: Settings
) -> tuple[FieldSetVersion, FieldSet]:
    return await current_fields(session, settings.tickets.field_set)
