"""Integration in the bot: administrators' outgoing webhooks (/webhooks) and the «Создать
заявку» button under a telephony call notification."""

from __future__ import annotations

from aiogram import Router

from handlers.webhooks import admin, calls


def create_router() -> Router:
    router = Router(name="webhooks")
    router.include_routers(admin.create_router(), calls.create_router())
    return router
