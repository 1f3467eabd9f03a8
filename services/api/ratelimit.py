"""Requests per minute per API key.

- ``RateLimiter``: a token bucket in this process's memory. Each key's bucket holds up to a
  minute's worth of requests and refills continuously; with several processes each keeps
  its own buckets.
- ``RedisRateLimiter`` (when ``[redis] url`` is set): one count per key and clock minute in
  Redis, shared by every process; if Redis cannot be reached, the process's own bucket is
  used meanwhile (requests are not refused because Redis is down).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60.0


class Limiter(Protocol):
    per_minute: int

    async def take(self, key_id: int) -> float | None:
        """Take one request; ``None`` when allowed, else the seconds until one is."""


def retry_after(seconds: float) -> int:
    """The ``Retry-After`` header value: whole seconds, at least 1."""
    return max(1, math.ceil(seconds))


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def take_now(self, key_id: int) -> float | None:
        now = self._clock()
        bucket = self._buckets.get(key_id)
        if bucket is None:
            bucket = self._buckets[key_id] = _Bucket(float(self.per_minute), now)
        else:
            bucket.tokens = min(
                float(self.per_minute), bucket.tokens + (now - bucket.at) * self._rate
            )
            bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return (1.0 - bucket.tokens) / self._rate

    async def take(self, key_id: int) -> float | None:
        return self.take_now(key_id)


class RedisRateLimiter:
    def __init__(
        self,
        redis: Redis,
        per_minute: int,
        namespace: str = "helpdesk:api:rate",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self._redis = redis
        self._namespace = namespace
        self._clock = clock
        self._fallback = RateLimiter(per_minute)
        self._warned_at = -math.inf

    async def take(self, key_id: int) -> float | None:
        now = self._clock()
        minute = int(now // 60)
        name = f"{self._namespace}:{key_id}:{minute}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, 120)
                count, _ = await pipe.execute()
        except (RedisError, OSError):
            if now - self._warned_at >= WARN_EVERY_SECONDS:
                self._warned_at = now
                log.warning("rate limit: Redis unreachable, this process counts alone")
            return self._fallback.take_now(key_id)
        if int(count) <= self.per_minute:
            return None
        return (minute + 1) * 60 - now

    async def close(self) -> None:
        await self._redis.aclose()
