"""One update's handling: commit first, then talk.

Every Bot API call a handler makes is held back (the handler gets a stand-in result) until
the handler's writes have committed. When the update changed something, the held replies are
written to the outbox in that same transaction, with this process's lease on them, so that a
crash right after the commit loses nothing: another process (or this one after a restart)
sends them once the lease runs out. Then they are sent, in order, and their outcomes are
recorded in a second short transaction together with the real message ids, which replace the
stand-in ids in the dialogue state.

A call that cannot wait (``getFile`` before a download) is a *checkpoint*: what was written
so far commits and the held replies go out before it is made.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod
from sqlalchemy import Select, bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bot.delivery.attempt import Outcome, Verdict, perform
from bot.delivery.calls import (
    HeldCall,
    Kind,
    answers_again,
    goes_beside,
    hold,
    stand_in_result,
    to_payload,
)
from bot.delivery.leases import LeaseKeeper
from bot.delivery.recorder import DeliveryRecorder
from bot.storage import WRITTEN_RECORDS, DatabaseStorage
from db import writes
from db.base import utcnow
from db.dialect import dialect_name, insert_for, is_postgres
from db.models import FsmRecord, OutgoingMessage, ProcessedUpdate
from db.sqlite import point_statements
from services import outbox, people
from services.current_versions import READ_ALONG
from services.ids import replace_ids
from services.work.reachability import BLOCKED

log = logging.getLogger(__name__)

current_unit: ContextVar[UpdateUnit | None] = ContextVar("current_unit", default=None)

# How long a handler's replies are tried before the outbox takes them over.
DELIVERY_SECONDS = 15.0


class DuplicateHandlingError(Exception):
    """Another process committed this update first; this handling is thrown away."""


_CLAIMED_ID = "claimed_update_id"
_CLAIMED_AT = "claimed_at"


@functools.cache
def _claim_statement(dialect: str) -> ReturningInsert[Any]:
    """The claim of an update, built once per dialect and run with parameters."""
    columns = ProcessedUpdate.__table__.c
    claim: ReturningInsert[Any] = (
        insert_for(dialect, ProcessedUpdate)
        .values(
            update_id=bindparam(_CLAIMED_ID, type_=columns.update_id.type),
            status="handled",
            processed_at=bindparam(_CLAIMED_AT, type_=columns.processed_at.type),
        )
        .on_conflict_do_nothing()
        .returning(ProcessedUpdate.update_id)
    )
    return claim


@functools.cache
def _claim_reading_along() -> Select[Any]:
    return people.reading_sender_along(_claim_statement("postgresql"), READ_ALONG)


@dataclass(frozen=True)
class DialogueReadAhead:
    """The dialogue records an update will read first, and the storage that reads them."""

    storage: DatabaseStorage
    keys: list[str]


@dataclass(frozen=True)
class Failure:
    code: str
    exception: BaseException


class UpdateUnit:
    def __init__(
        self,
        session: AsyncSession,
        *,
        update_id: int | None,
        chat_id: int | None,
        reply_bot: Bot,
        leases: LeaseKeeper,
        recorder: DeliveryRecorder,
        saved: bool = False,
        sender_id: int | None = None,
        dialogue: DialogueReadAhead | None = None,
    ) -> None:
        """``sender_id``: the Telegram id of the update's sender, read along with the claim;
        so are ``dialogue``'s records (PostgreSQL)."""
        self.session = session
        self._sender_id = sender_id
        self._dialogue = dialogue
        self.update_id = update_id
        self._saved = saved
        self.chat_id = chat_id
        self._reply_bot = reply_bot
        self._leases = leases
        self._recorder = recorder
        self._held: list[HeldCall] = []
        self._resolved: dict[int, int] = {}
        self._claimed = False
        # Something of this handling was committed: it cannot simply be run again.
        self.committed = False
        self.failure: Failure | None = None
        self.outbox_written = False

    # ----- while the handler runs

    def hold(self, method: TelegramMethod[Any], kind: Kind, bot: Bot) -> Any:
        call = hold(method, kind, self.chat_id)
        if not answers_again(call, self._held):
            self._held.append(call)
        return stand_in_result(call, bot)

    async def claim(self) -> bool:
        """Record the update as handled, in this transaction, before the handler runs; False
        when it was recorded before (a redelivery: nothing is to be done). On PostgreSQL a
        process handling the same update at this moment is waited for, then this one skips."""
        if self.update_id is None:
            return True
        params = {_CLAIMED_ID: self.update_id, _CLAIMED_AT: utcnow()}
        if self._sender_id is not None and is_postgres(self.session):
            # The sender (bot.middlewares.person) and the dialogue's records (bot.storage)
            # are read in the same round trip.
            dialogue = self._dialogue
            keys = dialogue.keys if dialogue is not None else ()
            claimed, records = await people.read_sender_along(
                self.session, _claim_reading_along(), params, self._sender_id, READ_ALONG, keys
            )
            if dialogue is not None:
                dialogue.storage.read_ahead(self.session, keys, records)
        else:
            claim = _claim_statement(dialect_name(self.session))
            with point_statements():
                claimed = await self.session.scalar(claim, params)
        if claimed is None:
            return False
        self._claimed = True
        return True

    async def forget_saved(self) -> None:
        """An update handled before (a redelivery): only its saved copy is left to clear."""
        await self.session.rollback()
        if self._saved and self.update_id is not None:
            self._recorder.saved_update_handled(self.update_id)

    async def discard(self) -> None:
        """Throw away what the handler wrote and the replies it held (it raised)."""
        self._held.clear()
        self.session.info.pop(WRITTEN_RECORDS, None)
        await self.session.rollback()
        if not self.committed:
            self._claimed = False  # the claim went with the rest
        writes.forget(self.session)
        self.session.expunge_all()

    async def abort(self, exc: BaseException) -> str:
        """The handling failed: nothing it did is kept; returns the error code that the
        person is shown and the log line carries."""
        if self.failure is None:
            self.failure = Failure(secrets.token_hex(3).upper(), exc)
            log.error(
                "handler failed",
                exc_info=(type(exc), exc, exc.__traceback__),
                extra={"update_id": self.update_id, "error_code": self.failure.code},
            )
        await self.discard()
        return self.failure.code

    # ----- commit, then talk

    async def checkpoint(self) -> None:
        """Commit what was written so far, then make the held calls."""
        if self.failure is not None:
            return  # a failed handler's later calls wait for the failure to be recorded
        calls = await self._commit()
        await self._deliver(calls)

    async def finish(self) -> None:
        if self.failure is not None:
            await self._finish_failed(self.failure)
        else:
            await self.checkpoint()

    async def _commit(self) -> list[HeldCall]:
        session = self.session
        calls, self._held = self._held, []
        # The handler's last changes (the dialogue state, a few rows) and the journal.
        with point_statements():
            await session.flush()
            # The update id is recorded even when nothing else changed: a redelivered update
            # is then not answered twice.
            if self.update_id is not None or writes.wrote(session):
                await self._claim("handled", None)
                await self._journal([c for c in calls if c.must_survive], claimed=True)
        self.outbox_written = outbox.was_written(session) or self.outbox_written
        await session.commit()
        self.committed = True
        self._saved_copy_done()
        writes.forget(session)
        self._leases.hold(c.row_id for c in calls if c.row_id is not None)
        return calls

    def _saved_copy_done(self) -> None:
        """The saved copy of a polled update is deleted in the recorder's next batch, not in
        this transaction: the claim committed with it tells a restart it was handled."""
        if self._saved and self._claimed and self.update_id is not None:
            self._recorder.saved_update_handled(self.update_id)

    async def _claim(self, status: str, error_code: str | None) -> None:
        if self.update_id is None or self._claimed:
            return
        self.session.add(
            ProcessedUpdate(update_id=self.update_id, status=status, error_code=error_code)
        )
        try:
            await self.session.flush()
        except IntegrityError as exc:
            await self.session.rollback()
            raise DuplicateHandlingError(str(self.update_id)) from exc
        self._claimed = True

    async def _journal(self, calls: list[HeldCall], *, claimed: bool) -> None:
        if not calls:
            return
        entries = [
            outbox.JournalEntry(
                chat_id=call.chat_id,
                method=call.method.__api_method__,
                payload=to_payload(call),
                synthetic_id=call.synthetic_id,
                update_id=self.update_id,
                file=call.file,
            )
            for call in calls
        ]
        row_ids = await outbox.journal(self.session, entries, claimed=claimed)
        for call, row_id in zip(calls, row_ids, strict=True):
            call.row_id = row_id

    async def _finish_failed(self, failure: Failure) -> None:
        """The update is recorded as failed, and the person is told (the replies held
        since the failure)."""
        calls, self._held = self._held, []
        await self._claim("failed", failure.code)
        await self._journal([c for c in calls if c.must_survive], claimed=True)
        await self.session.commit()
        self._saved_copy_done()
        self._leases.hold(c.row_id for c in calls if c.row_id is not None)
        await self._deliver(calls)

    # ----- talking

    async def _deliver(self, calls: list[HeldCall]) -> None:
        if not calls:
            return
        deadline = time.monotonic() + DELIVERY_SECONDS
        # What shows nothing new goes beside the messages instead of before them, so the
        # answer is seen a round trip sooner: a plain callback answer at once, taking an old
        # keyboard off once the first message is out (never a moment with no buttons at all).
        aside = [c for c in calls if goes_beside(c, calls)]
        aside_ids = {id(c) for c in aside}
        later = [c for c in aside if c.kind is not Kind.ACK]
        beside = [self._beside(c, deadline) for c in aside if c.kind is Kind.ACK]
        results: list[_Delivered] = []
        handing_over = False
        try:
            for call in calls:
                if id(call) in aside_ids:
                    continue
                if handing_over:
                    results.append(_Delivered(call, None))
                    continue
                result = await self._deliver_one(call, deadline)
                results.append(result)
                if call.kind is Kind.MESSAGE:
                    beside += [self._beside(c, deadline) for c in later]
                    later = []
                # Later replies must not overtake one that the outbox will retry.
                handing_over = result.undelivered
            if handing_over:  # the old keyboard comes off after the answer, by the outbox
                results += [_Delivered(c, None) for c in later]
            else:
                beside += [self._beside(c, deadline) for c in later]
        finally:
            if beside:
                results += await asyncio.gather(*beside)
        await self._record(results)

    def _beside(self, call: HeldCall, deadline: float) -> asyncio.Task[_Delivered]:
        return asyncio.create_task(self._deliver_one(call, deadline))

    async def _deliver_one(self, call: HeldCall, deadline: float) -> _Delivered:
        ambiguous = 0
        while True:
            outcome = await perform(self._reply_bot, call.method, call.chat_id, self._resolve)
            if outcome.verdict is Verdict.SENT:
                if call.synthetic_id is not None and outcome.message_id is not None:
                    self._resolved[call.synthetic_id] = outcome.message_id
                return _Delivered(call, outcome)
            if outcome.verdict is Verdict.AMBIGUOUS:
                ambiguous += 1
                if ambiguous >= outbox.AMBIGUOUS_ATTEMPTS:
                    return _Delivered(call, outcome, ambiguous)
                delay = float(3 ** (ambiguous - 1))
            elif outcome.verdict is Verdict.RETRY:
                delay = outcome.retry_after if outcome.retry_after is not None else 1.0
            else:
                return _Delivered(call, outcome)
            if time.monotonic() + delay > deadline:
                return _Delivered(call, outcome, ambiguous)
            log.warning(
                "reply failed, retrying",
                extra={"update_id": self.update_id, "reason": outcome.reason, "delay": delay},
            )
            await asyncio.sleep(delay)

    async def _resolve(self, synthetic_id: int) -> int | None:
        known = self._resolved.get(synthetic_id) or self._recorder.real_id(synthetic_id)
        if known is not None:
            return known
        found = await outbox.resolve_synthetic(self.session, [synthetic_id])
        await self.session.commit()  # a read; nothing stays open while we talk
        return found.get(synthetic_id)

    async def _record(self, results: list[_Delivered]) -> None:
        """Outcomes, real message ids in the dialogue state, and what the outbox takes over."""
        written: list[FsmRecord] = self.session.info.get(WRITTEN_RECORDS, [])
        # Only a record that keeps a stand-in id needs the real one written into it; most
        # steps edit a message whose real id the dialogue already has.
        records = [rec for rec in written if replace_ids(rec.data, self._resolved) != rec.data]
        if all(r.outcome is not None and r.outcome.verdict is Verdict.SENT for r in results):
            # The usual case: written down in the next batch (see DeliveryRecorder).
            sent = {
                r.call.row_id: r.outcome.message_id
                for r in results
                if r.call.row_id is not None and r.outcome is not None
            }
            self._recorder.delivered(sent, self._resolved, [rec.key for rec in records])
            return
        session = self.session
        now = utcnow()
        to_outbox: list[HeldCall] = []
        for result in results:
            call = result.call
            if call.row_id is not None:
                await _record_row(session, call.row_id, result, now)
            elif result.undelivered and call.must_survive:
                to_outbox.append(call)
            elif result.undelivered:
                log.info("best-effort call dropped", extra={"update_id": self.update_id})
        await self._journal(to_outbox, claimed=False)
        self._recorder.delivered({}, self._resolved, [rec.key for rec in records])
        if writes.wrote(session):
            await session.commit()
            writes.forget(session)
        else:
            await session.rollback()
        self._leases.release(r.call.row_id for r in results if r.call.row_id is not None)
        if any(r.undelivered for r in results):
            self.outbox_written = True
            log.warning("replies handed to the outbox", extra={"update_id": self.update_id})


@dataclass(frozen=True)
class _Delivered:
    call: HeldCall
    outcome: Outcome | None  # None: not tried, it waits behind one that failed
    ambiguous: int = 0  # tries that failed with an uncertain result

    @property
    def undelivered(self) -> bool:
        return self.outcome is None or self.outcome.verdict in (Verdict.RETRY, Verdict.AMBIGUOUS)


async def _record_row(
    session: AsyncSession, row_id: int, result: _Delivered, now: datetime
) -> None:
    outcome = result.outcome
    if outcome is None:
        await outbox.release(session, row_id)
        return
    if outcome.verdict is Verdict.SENT:
        await outbox.mark_sent(session, row_id, outcome.message_id, now)
    elif outcome.verdict is Verdict.BLOCKED:
        await outbox.mark_failed(session, row_id, BLOCKED, now)
    elif outcome.verdict is Verdict.REJECTED:
        await outbox.mark_failed(session, row_id, outcome.reason, now)
    else:
        row = await session.get(OutgoingMessage, row_id)
        if row is None:
            return
        ambiguous = outcome.verdict is Verdict.AMBIGUOUS
        # retry_later counts the last uncertain failure itself.
        row.ambiguous_failures = max(0, result.ambiguous - 1)
        delay = timedelta(seconds=outcome.retry_after or 1.0)
        await outbox.retry_later(session, row, delay, outcome.reason, ambiguous=ambiguous, now=now)
