"""What the board's handlers find on the web application."""

from __future__ import annotations

from aiohttp import web

from bot.app import Runtime
from bot.i18n import Translator, get_translator
from bot.web.board.feed import ChangeFeed

FEED_KEY: web.AppKey[ChangeFeed] = web.AppKey("board_feed", ChangeFeed)
RUNTIME: web.AppKey[Runtime] = web.AppKey("board_runtime", Runtime)


def runtime_of(request: web.Request) -> Runtime:
    return request.app[RUNTIME]


def feed_of(request: web.Request) -> ChangeFeed:
    return request.app[FEED_KEY]


def translator(runtime: Runtime) -> Translator:
    return get_translator(runtime.settings.company.locale)
