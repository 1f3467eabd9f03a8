"""Telling a person about their access: the notice goes through the outbox with their menu."""

from __future__ import annotations

from bot.context import RequestContext
from bot.views.commands import apply_commands
from bot.views.menu import main_menu
from db.models import Role
from services import outbox


async def tell_with_menu(
    ctx: RequestContext, chat_id: int, text: str, roles: frozenset[Role]
) -> None:
    """A notice about the person's access with their menu under it, and their command list."""
    markup = main_menu(ctx.i18n, roles)
    if markup is None and roles:
        text = f"{text}\n{ctx.i18n('start-menu-empty')}"
    reply = markup.model_dump(exclude_none=True) if markup is not None else None
    outbox.enqueue(ctx.session, chat_id, text, reply)
    await apply_commands(ctx.bot, ctx.i18n, chat_id, roles)
