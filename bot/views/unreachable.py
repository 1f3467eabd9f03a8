"""Managers hear once that a person cannot be reached (they blocked the bot)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import get_translator
from db.models import OutgoingMessage
from services import outbox
from services.work import queries, reachability


async def tell_managers_unreachable(
    settings: Settings, session: AsyncSession, failed: OutgoingMessage
) -> None:
    """Called by the sender in the transaction that marks ``failed`` as blocked."""
    person = await reachability.person_of_chat(session, failed.chat_id)
    if person is None:
        return  # a group chat or someone not on the staff list
    episode = await reachability.episode_start(session, failed.chat_id, failed.id)
    i18n = get_translator(settings.company.locale)
    text = i18n("work-unreachable", name=person.full_name, position=person.position or "-")
    key = f"unreachable:{person.id}:{episode}"
    chats = {
        f"{key}:{m.id}": m.telegram_id
        for m in await queries.managers(session, settings.access.admins)
        if m.id != person.id and m.telegram_id is not None
    }
    if settings.workflow.notify.managers_chat_id:
        chats[f"{key}:group"] = settings.workflow.notify.managers_chat_id
    for dedupe_key, chat_id in chats.items():
        await _enqueue_once(session, chat_id, text, dedupe_key)


async def _enqueue_once(session: AsyncSession, chat_id: int, text: str, dedupe_key: str) -> None:
    """Already queued (an earlier failure of the episode, or another process): skip."""
    known = await session.scalar(
        select(OutgoingMessage.id).where(OutgoingMessage.dedupe_key == dedupe_key)
    )
    if known is not None:
        return
    try:
        async with session.begin_nested():
            outbox.enqueue(session, chat_id, text, dedupe_key=dedupe_key)
            await session.flush()
    except IntegrityError:
        return
