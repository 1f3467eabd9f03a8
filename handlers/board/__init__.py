"""The dispatch board in the bot: admins make and revoke wall-screen links (/board and the
«🖥 Табло» menu entry); the links are shown once and stored hashed (services.board.links)."""

from __future__ import annotations

from aiogram import Router

from handlers.board import links


def create_router() -> Router:
    return links.create_router()
