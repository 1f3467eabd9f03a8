"""Retries a handler's own calls to Telegram through short outages.

A handler's reply is sent inside the update's transaction: if Telegram answered it with a 5xx
or a short 429 and the error reached the handler, the person's whole action would be rolled
back. Messages to other people go through the outbox, which has its own durable retries, so
the outbox sender uses a bot without this middleware.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)


class RetryShortFailures(BaseRequestMiddleware):
    def __init__(self, attempts: int = 3, longest_wait: float = 10.0) -> None:
        self.attempts = attempts
        self.longest_wait = longest_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):  # the poller has its own back-off
            return await make_request(bot, method)
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.longest_wait:
                    raise
                delay = float(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError):
                if attempt == self.attempts:
                    raise
                delay = 0.5 * 2 ** (attempt - 1)
            log.warning(
                "telegram call failed, retrying",
                extra={"method": type(method).__name__, "attempt": attempt, "delay": delay},
            )
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")
