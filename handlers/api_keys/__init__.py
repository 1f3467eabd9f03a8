"""API keys for the integration API: /api_keys and «🗝 API-ключи» (admins only): the list,
a new key (name, scopes, the key shown once) and revoking one after a confirmation."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.models import Role
from handlers.api_keys import keys


def create_router() -> Router:
    router = Router(name="api-keys")
    router.message.filter(HasRole(Role.ADMIN))
    router.callback_query.filter(HasRole(Role.ADMIN))
    router.include_router(keys.create_router())
    return router
