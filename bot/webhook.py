"""Webhook mode: aiohttp server that answers Telegram only after the update's handling committed."""

from __future__ import annotations

import asyncio

from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.app import Runtime


def create_webhook_app(runtime: Runtime) -> web.Application:
    webhook = runtime.settings.telegram.webhook
    assert webhook.secret is not None
    app = web.Application()
    handler = SimpleRequestHandler(
        dispatcher=runtime.dispatcher,
        bot=runtime.bot,
        # Telegram re-sends an update until it gets 200, so answer only after handling.
        handle_in_background=False,
        secret_token=webhook.secret.get_secret_value(),
    )
    handler.register(app, path=webhook.path)
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
