"""Fragments shared by the screens that see the same board.

Fifty wall screens reload at the same notice: the board is rendered once per (who may see
what, filters, feed version) and shared for a second, concurrent requests waiting for the
one render in progress. Access is still checked on every request; only the HTML is shared.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable

TTL_SECONDS = 1.0
MAX_ENTRIES = 256


class FragmentCache:
    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self._ttl = ttl
        self._entries: dict[Hashable, tuple[float, asyncio.Future[str]]] = {}

    async def get(self, key: Hashable, render: Callable[[], Awaitable[str]]) -> str:
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return await asyncio.shield(entry[1])
        if len(self._entries) >= MAX_ENTRIES:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._entries[key] = (now + self._ttl, future)
        try:
            html = await render()
        except BaseException as exc:
            self._entries.pop(key, None)
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning
            raise
        future.set_result(html)
        return html
