"""Keeps the outbox inside Telegram's limits, so that it never provokes a 429.

Telegram allows a bot about 30 messages a second in all, about one a second in one chat and
20 a minute in a group. The pacer spaces the sends evenly a little inside these numbers and
never lets more than ``per_second`` start within any one second.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque


class Pacer:
    def __init__(
        self,
        per_second: int = 29,
        chat_interval: float = 1.05,
        group_interval: float = 3.1,
    ) -> None:
        self._per_second = per_second
        self._spacing = 1.0 / (per_second + 0.5)
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._next_any = 0.0
        self._started: deque[float] = deque()
        self._next_in_chat: dict[int, float] = {}

    def ready_at(self, chat_id: int) -> float:
        return self._next_in_chat.get(chat_id, 0.0)

    async def wait_turn(self, chat_id: int) -> None:
        """Wait until both the chat and the bot may send again; the turn is then taken."""
        now = time.monotonic()
        start = max(now, self._next_any, self.ready_at(chat_id), self._window_opens(now))
        self._next_any = start + self._spacing
        interval = self._group_interval if chat_id < 0 else self._chat_interval
        self._next_in_chat[chat_id] = start + interval
        self._started.append(start)
        if start > now:
            await asyncio.sleep(start - now)
        if len(self._next_in_chat) > 10_000:
            self._forget_idle_chats(now)

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._next_in_chat[chat_id] = max(self.ready_at(chat_id), until)

    def _window_opens(self, now: float) -> float:
        """When a send would be the ``per_second``-th within one second at most."""
        while self._started and self._started[0] <= now - 1.0:
            self._started.popleft()
        if len(self._started) < self._per_second:
            return now
        return self._started[-self._per_second] + 1.0

    def _forget_idle_chats(self, now: float) -> None:
        self._next_in_chat = {c: t for c, t in self._next_in_chat.items() if t > now}
