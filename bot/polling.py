"""Long polling: each person's updates in order, different people independently, and nothing
lost when the process dies at any moment.

Telegram forgets every update below the ``offset`` of the next getUpdates call, so that call
goes out only once every update of the batch is kept by this side: handled (the handling's
commit records its id in ``processed_updates``) or saved in ``pending_updates``. Handling
starts at once; the poller gives the batch ``SAVE_AFTER_SECONDS`` to be handled and saves a
copy of only what is not handled by then (a slow handler, a person's queue), in one short
transaction. Most updates are handled well within that time and are never copied: the copy
and its deletion cost a step as much time as its own writes. A handled update's copy is
deleted by the delivery recorder, and a restarted process handles whatever is left before it
asks Telegram for more. If the copies cannot be saved (the database is down), the offset does
not move, Telegram keeps the updates, and the next round saves them again.

Nobody waits for anybody else: updates go to one queue per person, and the poller fetches
the next batch within ``SAVE_AFTER_SECONDS``, whatever is still being handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Coroutine
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.types import Update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.pipeline.pipeline import UpdatePipeline, person_key
from bot.waiting import first_of
from db.dialect import is_postgres
from db.sqlite import WRITE_FIRST, point_statements
from services import pending_updates

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
# People whose updates are handled at the same time.
MAX_PARALLEL_PEOPLE = 32
# Updates fetched and not finished; beyond this the poller waits before fetching more.
MAX_IN_FLIGHT = 1000
# A database outage: an update is tried this many times before this process gives it up.
ATTEMPTS = 5
STOP_WAIT_SECONDS = 5.0
SAVE_ATTEMPTS = 2
# How long a fetched batch may take to be handled before the rest of it is saved (and the next
# getUpdates waits that long at most): a step commits within ~20 ms, a slow handler takes more.
SAVE_AFTER_SECONDS = 0.05


class Poller:
    def __init__(
        self,
        bot: Bot,
        pipeline: UpdatePipeline,
        session_factory: async_sessionmaker[AsyncSession],
        timeout: int,
        allowed_updates: list[str],
    ) -> None:
        self._bot = bot
        self._pipeline = pipeline
        self._recorder = pipeline.recorder
        self._session_factory = session_factory
        self._timeout = timeout
        self._allowed = allowed_updates
        self._parallel = asyncio.Semaphore(MAX_PARALLEL_PEOPLE)
        self._in_flight: set[int] = set()
        # Fetched, neither handled nor saved yet: saved before the next getUpdates.
        self._unsaved: dict[int, Update] = {}
        self._offset: int | None = None
        self._queues: dict[int, deque[Update]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._progress = asyncio.Event()

    @property
    def in_flight(self) -> frozenset[int]:
        return frozenset(self._in_flight)

    async def run(self, stop: asyncio.Event) -> None:
        await self._resume_left_over()
        backoff = 1.0
        while not stop.is_set():
            if len(self._in_flight) >= MAX_IN_FLIGHT:
                await self._wait_for_progress(stop)
                continue
            try:
                updates = await _until_stopped(self._fetch(), stop)
                if updates is None:
                    break
                fresh = self._accept(updates)
                self._dispatch(fresh)
                handling = {update.update_id for update in fresh}
                await self._recorder.wait_handled(handling, SAVE_AFTER_SECONDS)
                await self._save(updates)
            except TelegramUnauthorizedError:
                raise
            except Exception as exc:
                log.warning(
                    "getUpdates round failed, retrying", extra={"error": type(exc).__name__}
                )
                await _sleep_or_stop(backoff, stop)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
        await self._stop()

    async def _fetch(self) -> list[Update]:
        return await self._bot.get_updates(
            offset=self._offset,
            timeout=self._timeout,
            allowed_updates=self._allowed,
            request_timeout=self._timeout + 10,
        )

    def _accept(self, updates: list[Update]) -> list[Update]:
        """The updates not already in hand: to be saved and handled."""
        fresh = [u for u in updates if u.update_id not in self._in_flight]
        self._unsaved.update((u.update_id, u) for u in fresh)
        self._recorder.saving(u.update_id for u in fresh)
        return fresh

    async def _save(self, updates: list[Update]) -> None:
        """Copies of the updates neither handled nor saved yet; then the next getUpdates
        (with the offset moved past them) confirms them."""
        for update_id in self._recorder.handled_unsaved(self._unsaved):
            del self._unsaved[update_id]
        unsaved = list(self._unsaved.values())
        if unsaved:
            payloads = [
                u.model_dump(mode="json", exclude_none=True, by_alias=True) for u in unsaved
            ]
            for attempt in range(1, SAVE_ATTEMPTS + 1):
                try:
                    async with self._session_factory() as session:
                        # Everybody's next update waits for this short write: it goes first.
                        # On PostgreSQL the one INSERT is its own transaction: one round trip
                        # instead of three (BEGIN, INSERT, COMMIT).
                        options: dict[str, object] = {WRITE_FIRST: True}
                        if is_postgres(session):
                            options["isolation_level"] = "AUTOCOMMIT"
                        await session.connection(execution_options=options)
                        with point_statements():
                            await pending_updates.save(session, payloads)
                        await session.commit()
                    break
                except DBAPIError as exc:
                    # A connection lost meanwhile (the server restarted): at once on a new one.
                    if attempt == SAVE_ATTEMPTS or not exc.connection_invalidated:
                        raise
            for update in unsaved:
                del self._unsaved[update.update_id]
            self._recorder.saved(u.update_id for u in unsaved)
        if updates:
            self._offset = max(u.update_id for u in updates) + 1

    async def _resume_left_over(self) -> None:
        """What a previous run fetched and did not finish, in the order it came."""
        async with self._session_factory() as session:
            payloads = await pending_updates.left_over(session)
        if payloads:
            log.info("resuming updates left over", extra={"count": len(payloads)})
            self._dispatch([Update.model_validate(p, context={"bot": self._bot}) for p in payloads])

    def _dispatch(self, updates: list[Update]) -> None:
        for update in updates:
            if update.update_id in self._in_flight:
                continue
            self._in_flight.add(update.update_id)
            key = person_key(update)
            self._queues.setdefault(key, deque()).append(update)
            if key not in self._workers:
                self._workers[key] = asyncio.create_task(self._work(key))

    async def _work(self, key: int) -> None:
        queue = self._queues[key]
        try:
            while queue:
                update = queue[0]
                async with self._parallel:
                    await self._handle(update)
                queue.popleft()
                self._in_flight.discard(update.update_id)
                self._progress.set()
        finally:
            del self._queues[key]
            del self._workers[key]

    async def _handle(self, update: Update) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            if await self._pipeline.process(update, saved=True):
                return
            if attempt < ATTEMPTS:
                await asyncio.sleep(min(2.0**attempt, MAX_BACKOFF_SECONDS))
        log.error("update given up after repeated failures", extra={"update_id": update.update_id})
        self._recorder.saved_update_handled(update.update_id)

    async def _wait_for_progress(self, stop: asyncio.Event) -> None:
        self._progress.clear()
        await first_of(self._progress, stop, timeout=1.0)

    async def _stop(self) -> None:
        """Let the updates in hand finish briefly; the rest stays saved for the next start."""
        workers = list(self._workers.values())
        if workers:
            await asyncio.wait(workers, timeout=STOP_WAIT_SECONDS)
        for task in list(self._workers.values()):
            task.cancel()
        if self._offset is None:
            return
        try:
            await self._bot.get_updates(offset=self._offset, timeout=0, limit=1)
        except Exception:
            # Not fatal: a redelivered update is recognised by its id.
            log.warning("could not confirm the last updates on shutdown")


async def _until_stopped(
    fetch_coro: Coroutine[Any, Any, list[Update]], stop: asyncio.Event
) -> list[Update] | None:
    """The fetched updates, or None when asked to stop first (nothing was handled then)."""
    fetch = asyncio.ensure_future(fetch_coro)
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if fetch in done:
        return fetch.result()
    fetch.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await fetch
    return None


async def _sleep_or_stop(seconds: float, stop: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return
