"""What happens after a ticket is created: assignment and notifications (workflow feature)."""

from __future__ import annotations

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.work_assign import route_new
from db.models import Ticket


async def after_ticket_created(
    session: AsyncSession, bot: Bot, i18n: Translator, settings: Settings, ticket: Ticket
) -> None:
    """Called by the ticket-creation handler in the same transaction, right after creation.

    Routes the ticket by its category's assignment mode (manual, automatic, pool) and
    queues the notifications in the outbox.
    """
    await route_new(session, i18n, settings, ticket)
