"""Loads the person behind every update and their roles from the database, every time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.sqlite import point_statements
from services import people
from services.current_versions import READ_ALONG, note_read_along
from services.people import TelegramProfile

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PersonMiddleware(BaseMiddleware):
    """Puts ``person`` (or None) and ``roles`` into handler data; refuses deactivated people."""

    def __init__(self, config_admins: frozenset[int]) -> None:
        self._config_admins = config_admins

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        if user is None or user.is_bot:
            data["person"], data["roles"] = None, frozenset()
            return await handler(event, data)
        profile = profile_of(user)
        with point_statements():  # one person and their roles, by Telegram id
            access = await people.resolve_access(
                session, profile, self._config_admins, also=READ_ALONG
            )
        note_read_along(session, access.also)
        if access.deactivated:
            await _refuse(event, data["i18n"])
            return None
        data["person"], data["roles"] = access.person, access.roles
        return await handler(event, data)


def profile_of(user: User) -> TelegramProfile:
    return TelegramProfile(
        telegram_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
    )


async def _refuse(event: TelegramObject, i18n: Translator) -> None:
    inner = event.event if isinstance(event, Update) else event
    if isinstance(inner, CallbackQuery):
        await inner.answer(i18n.plain("access-deactivated"), show_alert=True)
    elif isinstance(inner, Message):
        await inner.answer(i18n("access-deactivated"))
