"""Assembles the HTTP server: each feature adds its routes with a ``setup(app, runtime)``.

Routes are registered in ``WEB_FEATURES`` order; a feature keeps its own prefix
(``/api/...``, ``/board/...``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiohttp import web

from bot.app import Runtime

log = logging.getLogger(__name__)

RUNTIME_KEY: web.AppKey[Runtime] = web.AppKey("runtime", Runtime)

WebFeature = Callable[[web.Application, Runtime], None]
# Each feature appends its setup function here at import (see bot/web/features.py).
WEB_FEATURES: list[WebFeature] = []


def create_web_app(runtime: Runtime) -> web.Application:
    from bot.web import features  # the features' setup functions

    app = web.Application(client_max_size=1024 * 1024)
    app[RUNTIME_KEY] = runtime
    for setup in (*features.FEATURES, *WEB_FEATURES):
        setup(app, runtime)
    return app


async def serve_web(runtime: Runtime, stop: asyncio.Event, *, reuse_port: bool = False) -> None:
    """Serve ``[api]`` until ``stop`` is set; ``reuse_port``: beside the other processes that
    serve it (bot/web/workers.py)."""
    api = runtime.settings.api
    app_runner = web.AppRunner(create_web_app(runtime), access_log=None)
    await app_runner.setup()
    site = web.TCPSite(app_runner, api.listen_host, api.listen_port, reuse_port=reuse_port or None)
    await site.start()
    log.info("web server listening", extra={"host": api.listen_host, "port": api.listen_port})
    try:
        await stop.wait()
    finally:
        await app_runner.cleanup()
