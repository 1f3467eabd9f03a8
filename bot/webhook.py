"""Webhook mode: an aiohttp server that answers Telegram once the update is finished with.

The answer comes after the commit and after the replies were sent (or handed to the outbox,
which is durable), so nothing goes on in the background after a 200 that a crash could lose.
An update whose failure could not even be recorded (the database is down) gets a 500 and
Telegram sends it again, up to ``ATTEMPTS`` times per process.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections import Counter

from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.app import Runtime
from bot.pipeline.pipeline import UpdatePipeline

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ATTEMPTS = 5


class WebhookHandler:
    def __init__(self, runtime: Runtime, pipeline: UpdatePipeline, secret: str) -> None:
        self._runtime = runtime
        self._pipeline = pipeline
        self._secret = secret
        self._failures: Counter[int] = Counter()

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            return web.Response(status=401)
        try:
            update = Update.model_validate(await request.json(), context={"bot": self._runtime.bot})
        except (ValueError, ValidationError):
            return web.Response(status=400)
        if await self._pipeline.process(update):
            self._failures.pop(update.update_id, None)
            return web.json_response({})
        self._failures[update.update_id] += 1
        if self._failures[update.update_id] >= ATTEMPTS:
            log.error(
                "update given up after repeated failures", extra={"update_id": update.update_id}
            )
            del self._failures[update.update_id]
            return web.json_response({})
        return web.Response(status=500)


def create_webhook_app(runtime: Runtime) -> web.Application:
    webhook = runtime.settings.telegram.webhook
    assert webhook.secret is not None
    app = web.Application()
    handler = WebhookHandler(runtime, runtime.pipeline, webhook.secret.get_secret_value())
    app.router.add_post(webhook.path, handler.handle)
    return app


async def serve_webhook(runtime: Runtime, stop: asyncio.Event) -> None:
    webhook = runtime.settings.telegram.webhook
    assert webhook.secret is not None
    app = create_webhook_app(runtime)
    app_runner = web.AppRunner(app)
    await app_runner.setup()
    site = web.TCPSite(app_runner, webhook.listen_host, webhook.listen_port)
    await site.start()
    try:
        await runtime.bot.set_webhook(
            webhook.url,
            secret_token=webhook.secret.get_secret_value(),
            allowed_updates=runtime.dispatcher.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        await stop.wait()
    finally:
        await app_runner.cleanup()
