"""Keeps the leases of the outbox messages this process is sending, a few seconds at a time.

Leases are short so that the messages of a process that died are taken over within seconds;
while this process is alive and still sending (Telegram can hold a request for a minute),
they are renewed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.waiting import first_of
from db.base import utcnow
from services import outbox

log = logging.getLogger(__name__)


class LeaseKeeper:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        interval: float = outbox.LEASE_SECONDS / 3,
    ) -> None:
        self._session_factory = session_factory
        self._interval = interval
        self._held: Counter[int] = Counter()

    def hold(self, message_ids: Iterable[int]) -> None:
        self._held.update(list(message_ids))

    def release(self, message_ids: Iterable[int]) -> None:
        self._held.subtract(list(message_ids))
        self._held = +self._held  # drop the ones no longer held

    @property
    def held(self) -> frozenset[int]:
        return frozenset(self._held)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await first_of(stop, timeout=self._interval)
            if not self._held or stop.is_set():
                continue
            try:
                async with self._session_factory() as session, session.begin():
                    await outbox.renew(session, list(self._held), utcnow())
            except Exception:
                log.exception("could not renew outbox leases")

    async def renew_now(self) -> None:
        with contextlib.suppress(Exception):
            async with self._session_factory() as session, session.begin():
                await outbox.renew(session, list(self._held), utcnow())
