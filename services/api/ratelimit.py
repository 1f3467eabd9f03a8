"""Requests per minute per API key: a token bucket in this process's memory.

Each key's bucket holds up to a minute's worth of requests and refills continuously; with
several processes each keeps its own buckets (the README says so).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


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

    def take(self, key_id: int) -> float | None:
        """Take one request; ``None`` when allowed, else the seconds until one is."""
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

    @staticmethod
    def retry_after(seconds: float) -> int:
        """The ``Retry-After`` header value: whole seconds, at least 1."""
        return max(1, math.ceil(seconds))
