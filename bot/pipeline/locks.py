"""One person's updates are handled one at a time, across all processes.

Within a process an asyncio lock per person is enough. With Redis, a lock per person is also
taken there, with a lease of a few seconds that is renewed while the update is handled: a
process that dies frees its people within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis

log = logging.getLogger(__name__)

LEASE_SECONDS = 5.0
WAIT_SECONDS = 60.0
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""


class LockTimeoutError(Exception):
    """Somebody else kept the person's lock for too long; try the update again later."""


class PersonLocks:
    def __init__(self, redis: Redis | None = None, namespace: str = "helpdesk") -> None:
        self._redis = redis
        self._namespace = namespace
        self._local: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    @asynccontextmanager
    async def hold(self, person_key: int) -> AsyncIterator[None]:
        lock = self._local.setdefault(person_key, asyncio.Lock())
        self._users[person_key] = self._users.get(person_key, 0) + 1
        try:
            async with lock:
                if self._redis is None:
                    yield
                else:
                    async with self._shared(person_key):
                        yield
        finally:
            self._users[person_key] -= 1
            if not self._users[person_key]:
                del self._users[person_key]
                self._local.pop(person_key, None)

    @asynccontextmanager
    async def _shared(self, person_key: int) -> AsyncIterator[None]:
        assert self._redis is not None
        key = f"{self._namespace}:person-lock:{person_key}"
        token = secrets.token_hex(8)
        lease_ms = int(LEASE_SECONDS * 1000)
        loop = asyncio.get_running_loop()
        give_up = loop.time() + WAIT_SECONDS
        while not await self._redis.set(key, token, nx=True, px=lease_ms):
            if loop.time() > give_up:
                raise LockTimeoutError(person_key)
            await asyncio.sleep(0.05)
        renewer = asyncio.create_task(self._renew(key, token, lease_ms))
        try:
            yield
        finally:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
            with contextlib.suppress(Exception):
                await self._redis.eval(_RELEASE, 1, key, token)

    async def _renew(self, key: str, token: str, lease_ms: int) -> None:
        assert self._redis is not None
        while True:
            await asyncio.sleep(LEASE_SECONDS / 3)
            try:
                await self._redis.eval(_RENEW, 1, key, token, lease_ms)
            except Exception:
                log.warning("could not renew a person lock")

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
