"""What happens after a ticket is created: assignment and notifications (workflow feature)."""

from __future__ import annotations

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from db.models import Ticket


async def after_ticket_created(
    session: AsyncSession, bot: Bot, i18n: Translator, settings: Settings, ticket: Ticket
) -> None:
    """Called by the ticket-creation handler in the same transaction, right after creation."""
    return None
