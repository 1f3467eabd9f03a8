"""Delivers the outbox: no transaction open while Telegram is called, each chat in order,
inside Telegram's rate limits, retried by what a failure proves (see ``bot.delivery.attempt``).

A round claims the due head of each chat's queue with a short lease (one short transaction),
sends the messages paced and a few at a time outside any transaction, and records each
outcome in another short transaction. Messages are delivered at least once;
after an uncertain failure (a timeout or 5xx, when Telegram may have shown the message
anyway) a message is tried at most ``AMBIGUOUS_ATTEMPTS`` times in all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot, methods
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, InputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.attempt import Outcome, Verdict, perform
from bot.delivery.calls import from_payload
from bot.delivery.leases import LeaseKeeper
from bot.delivery.pacing import Pacer
from bot.waiting import first_of
from db.base import utcnow
from db.engine import read_session
from db.models import OutgoingFile, OutgoingMessage
from services import outbox
from services.outbox_changes import SUPERSEDED, changes_a_message, superseded
from services.work.reachability import BLOCKED

# An outbox attachment's kind: the method that sends it (its file field has the kind's name).
_FILE_METHODS: dict[str, type[TelegramMethod[Message]]] = {
    "photo": methods.SendPhoto,
    "document": methods.SendDocument,
    "video": methods.SendVideo,
    "voice": methods.SendVoice,
}

# Called in the transaction that marks a message blocked (403): e.g. tell the managers.
OnBlocked = Callable[[AsyncSession, OutgoingMessage], Awaitable[None]]

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 1.0
RECORD_ATTEMPTS = 3
CLAIM_BATCH = 60
PARALLEL_SENDS = 8


@dataclass
class _Done:
    row: OutgoingMessage
    outcome: Outcome


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        leases: LeaseKeeper,
        *,
        pacer: Pacer | None = None,
        on_blocked: OnBlocked | None = None,
        parallel: int = PARALLEL_SENDS,
    ) -> None:
        self._bot = bot
        self._session_factory = session_factory
        self._leases = leases
        self._pacer = pacer or Pacer()
        self._on_blocked = on_blocked
        self._slots = asyncio.Semaphore(parallel)
        self._wake = asyncio.Event()
        self._busy_chats: set[int] = set()
        self._sending: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop``; the messages being sent then are finished and recorded."""
        try:
            while not stop.is_set():
                try:
                    rows = await self._claim()
                except Exception:
                    log.exception("outbox claim failed")
                    rows = []
                if not rows:
                    await self._idle(stop)
                    continue
                await self._dispatch(rows)
        finally:
            await self._drain()

    async def deliver_due(self) -> int:
        """One whole round, finished and recorded (tests and tools)."""
        rows = await self._claim()
        await self._dispatch(rows)
        await self._drain()
        return len(rows)

    # ----- claiming

    async def _claim(self) -> list[OutgoingMessage]:
        now = utcnow()
        async with read_session(self._session_factory) as session:
            candidates = await outbox.due_heads(session, CLAIM_BATCH, now, self._busy_chats)
        if not candidates:
            return []
        async with self._session_factory() as session, session.begin():
            rows = await outbox.claim(session, candidates, now)
            dropped = await outbox.drop_to_deactivated(session, rows, now)
        if dropped:
            log.info("notifications to deactivated people dropped", extra={"count": len(dropped)})
        rows = [row for row in rows if row.id not in dropped]
        self._leases.hold(row.id for row in rows)
        self._busy_chats.update(row.chat_id for row in rows)
        return rows

    async def _idle(self, stop: asyncio.Event) -> None:
        await first_of(self._wake, stop, timeout=IDLE_POLL_SECONDS)
        self._wake.clear()

    # ----- sending

    async def _dispatch(self, rows: list[OutgoingMessage]) -> None:
        for row in sorted(rows, key=lambda r: (self._pacer.ready_at(r.chat_id), r.id)):
            await self._pacer.wait_turn(row.chat_id)
            await self._slots.acquire()
            task = asyncio.create_task(self._send(row))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def _send(self, row: OutgoingMessage) -> None:
        try:
            if changes_a_message(row) and await self._superseded(row):
                outcome = Outcome(Verdict.REJECTED, reason=SUPERSEDED)
            else:
                outcome = await self._attempt(row)
        except Exception as exc:  # a row that cannot even be read back is not retried for ever
            log.exception("outbox message could not be prepared", extra={"outbox_id": row.id})
            outcome = Outcome(Verdict.REJECTED, reason=f"unreadable: {type(exc).__name__}")
        finally:
            self._slots.release()
        if outcome.verdict is Verdict.RETRY and outcome.retry_after:
            self._pacer.pause_chat(row.chat_id, outcome.retry_after)
        await self._record(_Done(row, outcome))

    async def _attempt(self, row: OutgoingMessage) -> Outcome:
        method = await self._method_of(row)
        if method is None:
            return Outcome(Verdict.REJECTED, reason="nothing to edit")
        return await perform(self._bot, method, row.chat_id, self._resolve)

    async def _method_of(self, row: OutgoingMessage) -> TelegramMethod[Any] | None:
        if row.method is not None:
            stored = await self._file(row) if _has_stored_file(row.payload) else None
            return from_payload(row.method, row.payload or {}, stored)
        markup = InlineKeyboardMarkup.model_validate(row.reply_markup) if row.reply_markup else None
        if row.edit_of_id is not None:
            original = await self._original(row.edit_of_id)
            if original is None:
                return None
            if not row.text:
                # No text: only the buttons change, whatever the message shows by now.
                return methods.EditMessageReplyMarkup(
                    chat_id=row.chat_id, message_id=original, reply_markup=markup
                )
            return methods.EditMessageText(
                chat_id=row.chat_id, message_id=original, text=row.text, reply_markup=markup
            )
        attachment = row.attachment or {}
        kind = str(attachment.get("kind"))
        send_file = _FILE_METHODS.get(kind)
        if send_file is not None:
            file: str | InputFile = attachment.get("file_id", "")
            if attachment.get("stored"):
                name, content = await self._file(row)
                file = BufferedInputFile(content, filename=name)
            # The method's file field is named after the kind (photo=, voice=, ...).
            return send_file(
                chat_id=row.chat_id, caption=row.text or None, reply_markup=markup, **{kind: file}
            )
        return methods.SendMessage(chat_id=row.chat_id, text=row.text, reply_markup=markup)

    async def _superseded(self, row: OutgoingMessage) -> bool:
        async with read_session(self._session_factory) as session:
            return await superseded(session, row)

    async def _file(self, row: OutgoingMessage) -> tuple[str, bytes]:
        async with read_session(self._session_factory) as session:
            stored = await session.get(OutgoingFile, row.id)
        if stored is None:
            raise LookupError(f"outbox message {row.id} has no stored file")
        return stored.filename, stored.content

    async def _original(self, original_id: int) -> int | None:
        async with read_session(self._session_factory) as session:
            original = await session.get(OutgoingMessage, original_id)
        if original is None or original.failed_at is not None:
            return None
        return original.telegram_message_id

    async def _resolve(self, synthetic_id: int) -> int | None:
        async with read_session(self._session_factory) as session:
            found = await outbox.resolve_synthetic(session, [synthetic_id])
        return found.get(synthetic_id)

    # ----- recording

    async def _record(self, item: _Done) -> None:
        for attempt in range(RECORD_ATTEMPTS):
            try:
                async with self._session_factory() as session, session.begin():
                    await self._record_one(session, item)
                break
            except Exception:
                log.exception("could not record an outbox outcome", extra={"attempt": attempt})
                await asyncio.sleep(1.0)
        # Unrecorded after all: the lease runs out and the message is tried again.
        self._leases.release([item.row.id])
        self._busy_chats.discard(item.row.chat_id)
        self._wake.set()

    async def _record_one(self, session: AsyncSession, item: _Done) -> None:
        row, outcome = item.row, item.outcome
        now = utcnow()
        if outcome.verdict is Verdict.SENT:
            await outbox.mark_sent(session, row.id, outcome.message_id, now)
        elif outcome.verdict in (Verdict.RETRY, Verdict.AMBIGUOUS):
            ambiguous = outcome.verdict is Verdict.AMBIGUOUS
            delay = _backoff(row, outcome, ambiguous)
            kept = await outbox.retry_later(
                session, row, delay, outcome.reason, ambiguous=ambiguous, now=now
            )
            log.warning(
                "delivery failed, will retry" if kept else "outbox message abandoned",
                extra={"outbox_id": row.id, "reason": outcome.reason, "ambiguous": ambiguous},
            )
        elif outcome.verdict is Verdict.BLOCKED:
            await outbox.mark_failed(session, row.id, BLOCKED, now)
            log.info("recipient blocked the bot", extra={"outbox_id": row.id})
            await self._after_blocked(session, row.id)
        elif outcome.reason == SUPERSEDED:
            await outbox.mark_failed(session, row.id, outcome.reason, now)
            log.info("outbox change superseded by a later one", extra={"outbox_id": row.id})
        else:
            await outbox.mark_failed(session, row.id, outcome.reason, now)
            log.warning("message rejected by telegram", extra={"outbox_id": row.id})

    async def _after_blocked(self, session: AsyncSession, message_id: int) -> None:
        """Run the hook in a savepoint: if it fails, the message still counts as blocked."""
        if self._on_blocked is None:
            return
        try:
            async with session.begin_nested():
                message = await session.get(OutgoingMessage, message_id, populate_existing=True)
                if message is not None:
                    await self._on_blocked(session, message)
        except Exception:
            log.exception("blocked-recipient hook failed", extra={"outbox_id": message_id})

    async def _drain(self) -> None:
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)


def _has_stored_file(payload: dict[str, Any] | None) -> bool:
    return any(
        isinstance(value, dict) and "stored_file" in value for value in (payload or {}).values()
    )


def _backoff(row: OutgoingMessage, outcome: Outcome, ambiguous: bool) -> timedelta:
    if outcome.retry_after is not None:
        return timedelta(seconds=outcome.retry_after)
    if ambiguous:
        return timedelta(seconds=3**row.ambiguous_failures)  # 1 s, then 3 s
    return timedelta(seconds=min(2**row.attempts, 300))
