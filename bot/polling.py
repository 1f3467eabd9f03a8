"""Long polling that confirms an update to Telegram only after its handling has finished.

aiogram's own polling moves the offset as soon as an update is read. Here a batch is handled
first (different people in parallel, each person's updates in order) and only then is the next
getUpdates call made with the new offset, which is what confirms the batch. If the process dies
halfway, Telegram sends the batch again and the handled-update table skips what was committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Coroutine, Iterable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramServerError, TelegramUnauthorizedError
from aiogram.methods import TelegramMethod
from aiogram.types import Update

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
# How many people's updates are handled at the same time within one batch.
MAX_PARALLEL_PEOPLE = 32


class Poller:
    def __init__(self, bot: Bot, dispatcher: Dispatcher, timeout: int) -> None:
        self._bot = bot
        self._dispatcher = dispatcher
        self._timeout = timeout
        self._offset: int | None = None
        self._parallel = asyncio.Semaphore(MAX_PARALLEL_PEOPLE)

    async def run(self, stop: asyncio.Event) -> None:
        allowed = self._dispatcher.resolve_used_update_types()
        backoff = 1.0
        while not stop.is_set():
            try:
                updates = await _until_stopped(
                    self._bot.get_updates(
                        offset=self._offset,
                        timeout=self._timeout,
                        allowed_updates=allowed,
                        request_timeout=self._timeout + 10,
                    ),
                    stop,
                )
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
            if updates:
                await self.handle_batch(updates)
                self._offset = updates[-1].update_id + 1
        await self._confirm_offset()

    async def handle_batch(self, updates: Iterable[Update]) -> None:
        queues: dict[int, list[Update]] = defaultdict(list)
        for update in updates:
            queues[_sequence_key(update)].append(update)
        await asyncio.gather(*(self._handle_in_order(queue) for queue in queues.values()))

    async def _handle_in_order(self, queue: list[Update]) -> None:
        async with self._parallel:
            for update in queue:
                await self._handle_one(update)

    async def _handle_one(self, update: Update) -> None:
        try:
            result = await self._dispatcher.feed_update(self._bot, update)
            if isinstance(result, TelegramMethod):
                await self._dispatcher.silent_call_request(self._bot, result)
        except Exception:
            log.exception("update failed", extra={"update_id": update.update_id})

    async def _confirm_offset(self) -> None:
        if self._offset is None:
            return
        try:
            await self._bot.get_updates(offset=self._offset, timeout=0, limit=1)
        except Exception:
            # Not fatal: a redelivered update is skipped by the handled-update table.
            log.warning("could not confirm the last updates on shutdown")


def _sequence_key(update: Update) -> int:
    event = update.event
    user = getattr(event, "from_user", None)
    if user is not None:
        return int(user.id)
    chat = getattr(event, "chat", None)
    return int(chat.id) if chat is not None else -update.update_id


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
