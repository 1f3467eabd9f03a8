"""What managers and administrators configure in the bot: the stages (/stages, the .xlsx
round trip, editing one stage) and the ticket fields (in the bot or as an .xlsx file)."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.models import MANAGING_ROLES
from handlers.settings import fields, stages


def create_router() -> Router:
    router = Router(name="settings")
    router.message.filter(HasRole(*MANAGING_ROLES))
    router.callback_query.filter(HasRole(*MANAGING_ROLES))
    router.include_routers(stages.create_router(), fields.create_router())
    return router
