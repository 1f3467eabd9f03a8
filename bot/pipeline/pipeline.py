"""The way every update goes, in polling and webhook mode alike.

1. The person's lock is taken (in this process, and in Redis when there are several).
2. The update's id is recorded as handled in its transaction, first; an update whose id was
   recorded before is skipped.
3. The dispatcher runs the handler inside one database transaction; its Bot API calls are held.
4. The transaction commits (with the held replies journaled in the outbox), then the replies
   go out (see ``unit``).
5. A handler that raises changes nothing: the update is recorded as failed and the person is
   told, once, with a short code that the log line carries too.

``process`` returns True when the update is finished with (handled, failed for good, or
handled before); False only when the database could not even record a failure, so that the
caller leaves the update unconfirmed and Telegram sends it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot, Dispatcher
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.methods import TelegramMethod
from aiogram.types import CallbackQuery, Message, Update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.leases import LeaseKeeper
from bot.delivery.recorder import DeliveryRecorder
from bot.i18n import Translator
from bot.pipeline.locks import PersonLocks
from bot.pipeline.unit import (
    DialogueReadAhead,
    DuplicateHandlingError,
    UpdateUnit,
    current_unit,
)
from bot.storage import DatabaseStorage, current_session
from db.dialect import makes_postgres_sessions

log = logging.getLogger(__name__)


# A deadlock, a lock timeout or a lost connection: nothing was said or kept, so the handling
# simply runs again.
TRANSIENT_ATTEMPTS = 3
_TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}


class _RunAgainError(Exception):
    pass


def is_transient(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    # The connection was lost (the server restarted): the pool has dropped its connections,
    # and nothing was kept, so a new one simply takes the update again.
    if exc.connection_invalidated:
        return True
    return "database is locked" in str(exc.orig)


def person_key(update: Update) -> int:
    """Updates with the same key are handled in order; different keys independently."""
    event = update.event
    user = getattr(event, "from_user", None)
    if user is not None:
        return int(user.id)
    chat = getattr(event, "chat", None)
    return int(chat.id) if chat is not None else -update.update_id


def sender_id(update: Update) -> int | None:
    """The sender as aiogram sees it (``event_from_user``), which the person middleware reads."""
    user = UserContextMiddleware.resolve_event_context(update).user
    return int(user.id) if user is not None and not user.is_bot else None


def reply_chat(update: Update) -> int | None:
    event = update.event
    if isinstance(event, CallbackQuery):
        if event.message is not None:
            return int(event.message.chat.id)
        return int(event.from_user.id)
    chat = getattr(event, "chat", None)
    return int(chat.id) if chat is not None else None


class UpdatePipeline:
    def __init__(
        self,
        *,
        dispatcher: Dispatcher,
        bot: Bot,
        reply_bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        locks: PersonLocks,
        leases: LeaseKeeper,
        recorder: DeliveryRecorder,
        i18n: Translator,
        on_outbox_written: Callable[[], None],
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._reply_bot = reply_bot
        self._session_factory = session_factory
        self._locks = locks
        self._leases = leases
        self._recorder = recorder
        self._i18n = i18n
        self._on_outbox_written = on_outbox_written
        # On PostgreSQL the claim's statement reads the sender and dialogue records too.
        self._reads_along = makes_postgres_sessions(session_factory)

    @property
    def recorder(self) -> DeliveryRecorder:
        return self._recorder

    async def process(self, update: Update, *, saved: bool = False) -> bool:
        """``saved``: the update is in ``pending_updates`` (long polling), to be cleared."""
        try:
            async with self._locks.hold(person_key(update)):
                for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
                    try:
                        return await self._process(update, saved)
                    except _RunAgainError:
                        log.info(
                            "transient database error, handling again",
                            extra={"update_id": update.update_id, "attempt": attempt},
                        )
        except Exception:
            log.exception("update could not be processed", extra={"update_id": update.update_id})
        return False

    async def _process(self, update: Update, saved: bool) -> bool:
        async with self._session_factory() as session:
            unit = UpdateUnit(
                session,
                update_id=update.update_id,
                chat_id=reply_chat(update),
                sender_id=sender_id(update),
                reply_bot=self._reply_bot,
                leases=self._leases,
                recorder=self._recorder,
                saved=saved,
                dialogue=self._dialogue_of(update),
            )
            unit_token = current_unit.set(unit)
            session_token = current_session.set(session)
            try:
                return await self._run(unit, update)
            finally:
                current_session.reset(session_token)
                current_unit.reset(unit_token)
                if unit.outbox_written:
                    self._on_outbox_written()

    def _dialogue_of(self, update: Update) -> DialogueReadAhead | None:
        """The dialogue records the update's handling reads first, as aiogram's FSM
        middleware and aiogram-dialog will ask for them."""
        storage = self._dispatcher.fsm.storage
        if not self._reads_along or not isinstance(storage, DatabaseStorage):
            return None
        context = UserContextMiddleware.resolve_event_context(update)
        fsm = self._dispatcher.fsm.resolve_context(
            self._bot,
            chat_id=context.chat_id,
            user_id=context.user_id,
            thread_id=context.thread_id,
            business_connection_id=context.business_connection_id,
        )
        if fsm is None:
            return None
        return DialogueReadAhead(storage, storage.keys_read_first(fsm.key))

    async def _run(self, unit: UpdateUnit, update: Update) -> bool:
        try:
            claimed = await unit.claim()
        except DBAPIError as exc:
            if is_transient(exc):
                await unit.discard()
                raise _RunAgainError from exc
            raise
        if not claimed:
            await unit.forget_saved()
            log.info("update already handled, skipped", extra={"update_id": update.update_id})
            return True
        try:
            result = await self._dispatcher.feed_update(self._bot, update)
            if isinstance(result, TelegramMethod):
                await self._bot(result)
            await unit.finish()
        except DuplicateHandlingError:
            log.info("update handled by another process", extra={"update_id": update.update_id})
            return True
        except DBAPIError as exc:
            if not unit.committed and is_transient(exc):
                await unit.discard()
                raise _RunAgainError from exc
            await self._fail(unit, update, exc)
        except Exception as exc:
            await self._fail(unit, update, exc)
        return True

    async def _fail(self, unit: UpdateUnit, update: Update, exc: Exception) -> None:
        code = await unit.abort(exc)
        await self._tell_failure(update, code)
        try:
            await unit.finish()
        except DuplicateHandlingError:
            return

    async def _tell_failure(self, update: Update, code: str) -> None:
        """Held by the unit like any reply; it goes out after the failure is recorded."""
        event = update.event
        if isinstance(event, CallbackQuery):
            await self._bot.answer_callback_query(
                event.id, self._i18n.plain("error-internal", code=code), show_alert=True
            )
        elif isinstance(event, Message):
            await self._bot.send_message(event.chat.id, self._i18n("error-internal", code=code))
