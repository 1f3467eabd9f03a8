"""Reports and exports on demand (/report, /export): a period, then the files."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.models import MANAGING_ROLES
from handlers.reports import commands


def create_router() -> Router:
    router = Router(name="reports")
    router.message.filter(HasRole(*MANAGING_ROLES))
    router.callback_query.filter(HasRole(*MANAGING_ROLES))
    router.include_router(commands.create_router())
    return router
