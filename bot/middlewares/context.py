"""Puts the typed :class:`bot.context.RequestContext` into the handler data (as ``ctx``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.context import CONTEXT_KEY, from_data

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ContextMiddleware(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data[CONTEXT_KEY] = from_data(data)
        return await handler(event, data)
