"""What works everywhere and for everyone: errors, /help and /cancel, commands typed inside a
dialogue, text typed where only buttons are asked, edited messages; ``fallback`` answers
whatever nobody else took."""

from __future__ import annotations

from aiogram import Router

from handlers.common import commands_in_dialogues, edits, errors, help, text_in_menus


def create_router() -> Router:
    router = Router(name="common")
    router.include_routers(
        errors.create_router(),
        help.create_router(),
        commands_in_dialogues.create_router(),
        text_in_menus.create_router(),
        edits.create_router(),
    )
    return router
