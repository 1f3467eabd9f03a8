"""The per-key limit: the in-process bucket, and Redis shared by every process."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from db.models import Role
from services.api.ratelimit import RateLimiter, RedisRateLimiter, retry_after
from tests.api.helpers import add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI

REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_the_bucket_refills_at_the_limit_per_minute() -> None:
    now = [1000.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert [await limiter.take(1) for _ in range(60)] == [None] * 60
    wait = await limiter.take(1)
    assert wait is not None
    assert retry_after(wait) == 1
    assert await limiter.take(2) is None  # another key has its own bucket
    now[0] += 1.0
    assert await limiter.take(1) is None


async def test_two_processes_share_one_count_in_redis() -> None:
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except (RedisError, OSError):
        await redis.aclose()
        pytest.skip("Redis is not reachable")
    namespace = f"helpdesk:test:rate:{uuid.uuid4().hex}"
    at = [120.0 * 60 + 15.0]  # 15 s into a minute
    one = RedisRateLimiter(redis, 5, namespace, clock=lambda: at[0])
    two = RedisRateLimiter(Redis.from_url(REDIS_URL), 5, namespace, clock=lambda: at[0])
    try:
        taken = [await (one if i % 2 else two).take(7) for i in range(5)]
        assert taken == [None] * 5
        wait = await one.take(7)
        assert wait == pytest.approx(45.0)
        assert await two.take(8) is None  # another key
        at[0] += 45.0  # the next minute
        assert await two.take(7) is None
    finally:
        await one.close()
        await two.close()


async def test_unreachable_redis_falls_back_to_the_process_count() -> None:
    limiter = RedisRateLimiter(Redis.from_url("redis://127.0.0.1:1/0"), 2)
    try:
        assert [await limiter.take(1) for _ in range(2)] == [None, None]
        assert await limiter.take(1) is not None
    finally:
        await limiter.close()


async def test_429_over_http_with_the_count_in_redis(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except (RedisError, OSError):
        pytest.skip("Redis is not reachable")
    finally:
        await redis.aclose()
    async with running_api(fake_api, sqlite_url, redis_url=REDIS_URL, rate_limit_per_minute=2) as (
        bot,
        api,
    ):
        creator = await add_person(bot, 401, "Диспетчеров", [Role.OPERATOR])
        key = await make_key(bot, creator)
        statuses = [(await api.call("GET", "/api/v1/staff", key))[0] for _ in range(2)]
        status, body, headers = await api.call("GET", "/api/v1/staff", key)
    # Two in this minute, unless the minute turned between them (then the third is the first).
    if statuses == [200, 200] and status == 429:
        assert body["error"] == "rate_limited"
        assert 1 <= int(headers["Retry-After"]) <= 60
    else:
        assert status == 200
