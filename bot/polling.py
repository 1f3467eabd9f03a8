"""Long polling: each person's updates in order, different people independently, and an
update confirmed to Telegram only once it is finished with.

Telegram confirms every update below the ``offset`` of a getUpdates call. The offset asked for
is therefore the oldest update still being handled: a crash at any moment leaves everything
unfinished with Telegram, which sends it again (and the handled-update table skips what was
committed). Updates after it that are already finished are recognised and not handled twice.
Nobody waits for anybody else: while one person's update is stuck (a reply Telegram holds),
the poller keeps fetching and others are answered. The price is that Telegram returns at most
100 updates per call, so while one update is unfinished the bot sees at most the next 100.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Coroutine
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramServerError, TelegramUnauthorizedError
from aiogram.types import Update

from bot.pipeline.pipeline import UpdatePipeline, person_key

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
# People whose updates are handled at the same time.
MAX_PARALLEL_PEOPLE = 32
# Updates fetched but not finished; beyond this the poller waits before fetching more.
MAX_IN_FLIGHT = 1000
# While an update is unfinished Telegram answers getUpdates at once (with it): poll this often.
REPOLL_SECONDS = 0.25
# A database outage: an update is tried this many times before it is given up (and logged).
ATTEMPTS = 5
STOP_WAIT_SECONDS = 10.0


class Poller:
    def __init__(
        self,
        bot: Bot,
        pipeline: UpdatePipeline,
        timeout: int,
        allowed_updates: list[str],
    ) -> None:
        self._bot = bot
        self._pipeline = pipeline
        self._timeout = timeout
        self._allowed = allowed_updates
        self._parallel = asyncio.Semaphore(MAX_PARALLEL_PEOPLE)
        self._in_flight: set[int] = set()
        self._finished: set[int] = set()  # finished, not yet below the confirmed offset
        self._next_offset: int | None = None
        self._queues: dict[int, deque[Update]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._progress = asyncio.Event()

    @property
    def offset(self) -> int | None:
        """What the next getUpdates confirms: below the oldest unfinished update."""
        if self._in_flight:
            return min(self._in_flight)
        return self._next_offset

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            if len(self._in_flight) >= MAX_IN_FLIGHT:
                await self._wait_for_progress(stop, REPOLL_SECONDS)
                continue
            try:
                updates = await _until_stopped(self._fetch(), stop)
            except TelegramUnauthorizedError:
                raise
            except (TelegramNetworkError, TelegramServerError, OSError) as exc:
                log.warning("getUpdates failed, retrying", extra={"error": type(exc).__name__})
                await _sleep_or_stop(backoff, stop)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            if updates is None:
                break
            backoff = 1.0
            fresh = self._accept(updates)
            if not fresh and self._in_flight:
                await self._wait_for_progress(stop, REPOLL_SECONDS)
        await self._stop()

    async def _fetch(self) -> list[Update]:
        waiting = 0 if self._in_flight else self._timeout
        return await self._bot.get_updates(
            offset=self.offset,
            timeout=waiting,
            allowed_updates=self._allowed,
            request_timeout=waiting + 10,
        )

    def _accept(self, updates: list[Update]) -> list[Update]:
        offset = self.offset or 0
        self._finished = {update_id for update_id in self._finished if update_id >= offset}
        fresh = [
            u
            for u in updates
            if u.update_id not in self._in_flight and u.update_id not in self._finished
        ]
        for update in fresh:
            self._in_flight.add(update.update_id)
            key = person_key(update)
            self._queues.setdefault(key, deque()).append(update)
            if key not in self._workers:
                self._workers[key] = asyncio.create_task(self._work(key))
        if updates:
            newest = max(u.update_id for u in updates) + 1
            self._next_offset = max(self._next_offset or 0, newest)
        return fresh

    async def _work(self, key: int) -> None:
        queue = self._queues[key]
        try:
            while queue:
                update = queue[0]
                async with self._parallel:
                    await self._handle(update)
                queue.popleft()
                self._in_flight.discard(update.update_id)
                self._finished.add(update.update_id)
                self._progress.set()
        finally:
            del self._queues[key]
            del self._workers[key]

    async def _handle(self, update: Update) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            if await self._pipeline.process(update):
                return
            if attempt < ATTEMPTS:
                await asyncio.sleep(min(2.0**attempt, MAX_BACKOFF_SECONDS))
        log.error("update given up after repeated failures", extra={"update_id": update.update_id})

    async def _wait_for_progress(self, stop: asyncio.Event, seconds: float) -> None:
        """Until an update is finished, a stop is asked for, or ``seconds`` pass."""
        self._progress.clear()
        waits = [asyncio.ensure_future(self._progress.wait()), asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for wait in waits:
            wait.cancel()

    async def _stop(self) -> None:
        """Let the updates in hand finish (briefly), then confirm what was finished."""
        workers = list(self._workers.values())
        if workers:
            await asyncio.wait(workers, timeout=STOP_WAIT_SECONDS)
        if self.offset is None:
            return
        try:
            await self._bot.get_updates(offset=self.offset, timeout=0, limit=1)
        except Exception:
            # Not fatal: a redelivered update is skipped by the handled-update table.
            log.warning("could not confirm the last updates on shutdown")
        for task in list(self._workers.values()):
            task.cancel()


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
