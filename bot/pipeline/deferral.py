"""Holds a handler's Bot API calls until its transaction has committed (see ``unit``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.delivery.calls import kind_of
from bot.pipeline.unit import current_unit

if TYPE_CHECKING:
    from aiogram import Bot


class HoldUntilCommit(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        unit = current_unit.get()
        if unit is None:  # start-up, polling, jobs: no transaction of an update is open
            return await make_request(bot, method)
        kind = kind_of(method)
        if kind is None:
            # The handler needs the answer now (getFile before a download): commit first.
            await unit.checkpoint()
            return await make_request(bot, method)
        result: Any = unit.hold(method, kind, bot)
        return result  # type: ignore[no-any-return]
