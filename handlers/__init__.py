"""All routers in the order they are tried; the fallback comes last."""

from __future__ import annotations

from aiogram import F, Router

from handlers import access, common, errors, fallback, start


def build_root_router() -> Router:
    root = Router(name="root")
    # The bot works in private chats only; group messages are not for it.
    root.message.filter(F.chat.type == "private")
    root.include_routers(
        errors.create_router(),
        common.create_router(),
        start.create_router(),
        access.create_router(),
        fallback.create_router(),
    )
    return root
