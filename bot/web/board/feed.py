"""One poller per process tells every connected screen that the board changed.

The change may happen in another process (several bot processes share the database), so the
feed polls a cheap fingerprint (``services.board.changes``) while anyone listens, and wakes
all listeners at once when it moves. ``access_version`` moves when someone's right to look may
have changed (a link revoked, a role taken away): the streams check theirs at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.board.changes import Fingerprint, fingerprint

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5


class ChangeFeed:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], interval: float = POLL_SECONDS
    ) -> None:
        self._session_factory = session_factory
        self._interval = interval
        self._listeners = 0
        self._version = 0
        self._access_version = 0
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.closed = False

    @property
    def version(self) -> int:
        return self._version

    @property
    def access_version(self) -> int:
        return self._access_version

    @property
    def listeners(self) -> int:
        return self._listeners

    def subscribe(self) -> None:
        self._listeners += 1
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._poll(), name="board-feed")

    def unsubscribe(self) -> None:
        self._listeners = max(0, self._listeners - 1)

    async def wait(self, seen: int, seconds: float) -> int:
        """The version after ``seen`` once there is one, or ``seen`` after ``seconds``."""
        if self._version != seen:
            return self._version
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), seconds)
        return self._version

    def notify(self) -> None:
        """A change made in this process: no need to wait for the next poll."""
        self._version += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def _poll(self) -> None:
        last: Fingerprint | None = None
        while self._listeners > 0:
            try:
                async with self._session_factory() as session:
                    current = await fingerprint(session)
                if last is not None and current.access != last.access:
                    self._access_version += 1
                if last is not None and current != last:
                    self.notify()
                last = current
            except Exception:  # a database hiccup: keep the screens, try again
                log.warning("board feed poll failed", exc_info=True)
            await asyncio.sleep(self._interval)

    async def close(self) -> None:
        """Ends the poller and tells every open stream to finish (the server stops)."""
        self.closed = True
        self._listeners = 0
        self.notify()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
