"""Staff accept the privacy notice before using the bot (152-ФЗ).

Until a person with roles has accepted the current ``[privacy] notice_version``, every
message and button press of theirs except /start, /help and the «✅ Принимаю» button gets the
notice again instead of being handled. Also tells the database layer whose update this is,
so that role changes are recorded with who made them (``db.models.privacy.ACTOR_KEY``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.views.privacy import NoticeCb, notice_for_staff
from db.models import Person
from db.models.privacy import ACTOR_KEY
from services.privacy.notice import has_accepted

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
ALLOWED_COMMANDS = frozenset({"/start", "/help"})


class PrivacyNoticeMiddleware(BaseMiddleware):
    def __init__(self) -> None:
        # (person id, version) pairs known to be accepted: acceptances are never withdrawn.
        self._accepted: set[tuple[int, str]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session: AsyncSession = data["session"]
        person: Person | None = data.get("person")
        session.info[ACTOR_KEY] = person.id if person is not None else None
        settings: Settings = data["settings"]
        if not settings.privacy.require_acceptance or person is None or not data.get("roles"):
            return await handler(event, data)
        inner = _inner(event)
        if inner is None or _allowed(inner):
            return await handler(event, data)
        version = settings.privacy.notice_version
        if (person.id, version) in self._accepted:
            return await handler(event, data)
        if await has_accepted(session, person.id, version):
            self._accepted.add((person.id, version))
            return await handler(event, data)
        await _show_notice(inner, data["i18n"], settings, data["bot"])
        return None


def _inner(event: TelegramObject) -> Message | CallbackQuery | None:
    if not isinstance(event, Update):
        return None
    inner = event.message or event.edited_message or event.callback_query
    if isinstance(inner, Message) and inner.chat.type != "private":
        return None  # group chats: the bot does not answer there anyway
    return inner


def _allowed(inner: Message | CallbackQuery) -> bool:
    if isinstance(inner, CallbackQuery):
        return (inner.data or "").startswith(f"{NoticeCb.__prefix__}:")
    words = (inner.text or "").split(maxsplit=1)  # none at all in a text of spaces
    command = words[0].split("@", 1)[0] if words else ""
    return command in ALLOWED_COMMANDS


async def _show_notice(
    inner: Message | CallbackQuery, i18n: Translator, settings: Settings, bot: Bot
) -> None:
    text, markup = notice_for_staff(i18n, settings)
    if isinstance(inner, CallbackQuery):
        await inner.answer(i18n.plain("privacy-accept-first"), show_alert=True)
        await bot.send_message(inner.from_user.id, text, reply_markup=markup)
        return
    await inner.answer(text, reply_markup=markup)
