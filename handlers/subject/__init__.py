"""Subject requests (152-ФЗ): /subject and the admin menu entry find a person, export, erase."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.models import Role
from handlers.subject.dialog import create_router as create_dialog_router


def create_router() -> Router:
    router = Router(name="subject")
    router.message.filter(HasRole(Role.ADMIN))
    router.callback_query.filter(HasRole(Role.ADMIN))
    router.include_router(create_dialog_router())
    return router
