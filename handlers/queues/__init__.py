"""Managers' queues (unassigned, open, overdue, awaiting confirmation): the menu entry and
/queues, a paged and filtered list per queue, a row opens the ticket card. Managers and
admins only; the row re-checks the right to see the ticket."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.models import MANAGING_ROLES
from handlers.queues import commands, dialog


def create_router() -> Router:
    router = Router(name="queues")
    router.message.filter(HasRole(*MANAGING_ROLES))
    router.callback_query.filter(HasRole(*MANAGING_ROLES))
    router.include_routers(commands.create_router(), dialog.create_dialog())
    return router
