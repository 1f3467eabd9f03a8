"""Delivers the outbox: retries, respects Telegram's retry_after, never sends a message twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup, InputFile
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_files import stored_file
from db.models import OutgoingMessage
from services import outbox
from services.work.reachability import BLOCKED

# Called in the transaction that marks a message blocked (403): e.g. tell the managers.
OnBlocked = Callable[[AsyncSession, OutgoingMessage], Awaitable[None]]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
IDLE_POLL_SECONDS = 1.0
# Telegram allows about 30 messages a second per bot; stay below it.
SEND_INTERVAL_SECONDS = 1 / 25


class OutboxDelivery:
    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        batch_size: int = 20,
        on_blocked: OnBlocked | None = None,
    ) -> None:
        self._bot = bot
        self._session_factory = session_factory
        self._batch_size = batch_size
        self._on_blocked = on_blocked
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                delivered = await self.deliver_due()
            except Exception:
                log.exception("outbox delivery round failed")
                delivered = 0
            if delivered == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), IDLE_POLL_SECONDS)
                self._wake.clear()

    async def deliver_due(self) -> int:
        """Send what is due now; return how many messages were handled."""
        async with self._session_factory() as session, session.begin():
            claimed = await outbox.claim_due(session, self._batch_size)
        for position, message_id in enumerate(claimed):
            pause = await self._deliver_one(message_id)
            if pause is not None:
                await self._release(claimed[position + 1 :])
                await asyncio.sleep(pause)
                return position + 1
            await asyncio.sleep(SEND_INTERVAL_SECONDS)
        return len(claimed)

    async def _deliver_one(self, message_id: int) -> float | None:
        """Send one message; return seconds to pause all sending (429), else None."""
        async with self._session_factory() as session, session.begin():
            message = await session.get(OutgoingMessage, message_id)
            if message is None or message.sent_at is not None:
                return None
            try:
                telegram_id = await self._send(session, message)
                if telegram_id is None:
                    return None
            except TelegramRetryAfter as exc:
                await outbox.postpone(
                    session, message_id, timedelta(seconds=exc.retry_after), "retry_after"
                )
                log.warning("telegram asked to wait", extra={"retry_after": exc.retry_after})
                return float(exc.retry_after)
            except TelegramForbiddenError:
                await outbox.mark_failed(session, message_id, BLOCKED)
                log.info("recipient blocked the bot", extra={"outbox_id": message_id})
                await self._after_blocked(session, message)
            except TelegramBadRequest as exc:
                await outbox.mark_failed(session, message_id, f"bad request: {exc.message}")
                log.warning("message rejected by telegram", extra={"outbox_id": message_id})
            except (TelegramServerError, TelegramNetworkError) as exc:
                await self._retry_later(session, message, type(exc).__name__)
            else:
                await outbox.mark_sent(session, message_id, telegram_id)
        return None

    async def _after_blocked(self, session: AsyncSession, message: OutgoingMessage) -> None:
        """Run the hook in a savepoint: if it fails, the message still counts as blocked."""
        if self._on_blocked is None:
            return
        try:
            async with session.begin_nested():
                await session.refresh(message)
                await self._on_blocked(session, message)
        except Exception:
            log.exception("blocked-recipient hook failed", extra={"outbox_id": message.id})

    async def _send(self, session: AsyncSession, message: OutgoingMessage) -> int | None:
        """Send (or edit) one message; None when it must wait or cannot be sent."""
        markup = (
            InlineKeyboardMarkup.model_validate(message.reply_markup)
            if message.reply_markup
            else None
        )
        if message.edit_of_id is not None:
            return await self._edit(session, message, markup)
        attachment = message.attachment or {}
        file: str | InputFile = attachment.get("file_id", "")
        if attachment.get("stored"):
            file = await stored_file(session, message.id)  # bytes kept with the message
        if attachment.get("kind") == "photo":
            sent = await self._bot.send_photo(message.chat_id, file, caption=message.text or None)
        elif attachment.get("kind") == "document":
            sent = await self._bot.send_document(
                message.chat_id, file, caption=message.text or None
            )
        else:
            sent = await self._bot.send_message(message.chat_id, message.text, reply_markup=markup)
        return sent.message_id

    async def _edit(
        self, session: AsyncSession, message: OutgoingMessage, markup: InlineKeyboardMarkup | None
    ) -> int | None:
        original = await session.get(OutgoingMessage, message.edit_of_id)
        if original is None or original.failed_at is not None:
            await outbox.mark_failed(session, message.id, "nothing to edit")
            return None
        if original.sent_at is None or original.telegram_message_id is None:
            # The original is still queued (ids are claimed in order): try again shortly.
            await outbox.postpone(session, message.id, timedelta(seconds=1), "original pending")
            return None
        await self._bot.edit_message_text(
            message.text,
            chat_id=original.chat_id,
            message_id=original.telegram_message_id,
            reply_markup=markup,
        )
        return original.telegram_message_id

    async def _retry_later(
        self, session: AsyncSession, message: OutgoingMessage, reason: str
    ) -> None:
        if message.attempts + 1 >= MAX_ATTEMPTS:
            await outbox.mark_failed(session, message.id, f"gave up: {reason}")
            log.error("outbox message abandoned", extra={"outbox_id": message.id})
            return
        delay = timedelta(seconds=min(2**message.attempts, 300))
        await outbox.postpone(session, message.id, delay, reason)
        log.warning("delivery failed, will retry", extra={"outbox_id": message.id})

    async def _release(self, message_ids: list[int]) -> None:
        if not message_ids:
            return
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(OutgoingMessage)
                .where(OutgoingMessage.id.in_(message_ids))
                .values(claimed_until=None)
            )
