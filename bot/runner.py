"""Start-up checks and the service's main loop (polling or webhook)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import datetime
from pathlib import Path

from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.delivery.webhooks import WebhookSender
from bot.i18n import get_translator
from bot.memory import freeze_start_up_objects
from bot.polling import Poller
from bot.web.server import serve_web
from bot.web.workers import WAKE_SIGNAL, WebWorkers
from bot.webhook import serve_webhook
from db import migrate
from db.engine import DatabaseUnavailableError, check_connection, safe_url
from services.deadlines.planner import planner_for
from services.work import publishing

log = logging.getLogger(__name__)

BACKGROUND_STOP_SECONDS = 10.0


class StartupError(Exception):
    """A problem the operator must fix; the message is one line saying what to do."""


async def serve(settings: Settings, config_path: Path | None = None) -> None:
    """``config_path``: where the settings came from, for the web workers to read too."""
    runtime = build_runtime(settings)
    try:
        await prepare(runtime)
        freeze_start_up_objects()
        await run_until_stopped(runtime, config_path=config_path)
    finally:
        await runtime.close()


async def prepare(runtime: Runtime) -> None:
    """Database reachable and migrated, token accepted; raise StartupError otherwise."""
    i18n = get_translator(runtime.settings.company.locale)
    database = runtime.settings.database
    try:
        await check_connection(runtime.engine, database.connect_timeout)
    except DatabaseUnavailableError as exc:
        raise StartupError(
            i18n.plain("cli-db-unavailable", url=safe_url(database.url), problem=str(exc))
        ) from exc
    await migrate.upgrade(runtime.engine)
    async with runtime.session_factory() as session, session.begin():
        # The [workflow] stages become the current version unless stored before.
        await publishing.ensure_configured(session, runtime.settings.workflow.workflow())
    # The business calendar's tables (and the holidays package) are built now, not in the
    # first «Создать» of the day.
    this_year = datetime.now(runtime.settings.company.tz).year
    planner_for(runtime.settings.deadlines).calendar.prepare([this_year, this_year + 1])
    api_base = runtime.settings.telegram.api_base
    try:
        me = await runtime.bot.get_me()
    except TelegramUnauthorizedError as exc:
        raise StartupError(i18n.plain("cli-token-rejected")) from exc
    except (TelegramNetworkError, OSError) as exc:
        raise StartupError(
            i18n.plain("cli-api-unreachable", url=api_base, problem=type(exc).__name__)
        ) from exc
    log.info("bot identified", extra={"bot_username": me.username, "bot_id": me.id})


def _web_tasks(
    runtime: Runtime, stopping: asyncio.Event, config_path: Path | None
) -> list[asyncio.Task[None]]:
    api = runtime.settings.api
    if not api.enabled:
        return []
    if api.workers == 1:
        return [asyncio.create_task(serve_web(runtime, stopping), name="web")]
    # The outbox rows a worker commits are sent from here: it says so with a signal.
    asyncio.get_running_loop().add_signal_handler(WAKE_SIGNAL, runtime.delivery.wake)
    workers = WebWorkers(api.workers, config_path)
    return [asyncio.create_task(workers.run(stopping), name="web-workers")]


async def run_until_stopped(
    runtime: Runtime, stop: asyncio.Event | None = None, *, config_path: Path | None = None
) -> None:
    """Serve until SIGINT/SIGTERM (or until ``stop`` is set, for an embedding caller)."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
    runtime.scheduler.start()
    stopping = asyncio.Event()
    background = [
        asyncio.create_task(runtime.delivery.run(stopping), name="outbox-delivery"),
        asyncio.create_task(runtime.leases.run(stopping), name="outbox-leases"),
        asyncio.create_task(runtime.recorder.run(stopping), name="delivery-recorder"),
        asyncio.create_task(
            WebhookSender(runtime.settings, runtime.session_factory).run(stopping),
            name="webhook-delivery",
        ),
    ]
    background += _web_tasks(runtime, stopping, config_path)
    telegram = runtime.settings.telegram
    me = await runtime.bot.me()
    i18n = get_translator(runtime.settings.company.locale)
    log.info(i18n.plain("cli-started", username=me.username or "", mode=telegram.mode))
    try:
        if telegram.mode == "webhook":
            await serve_webhook(runtime, stop)
        else:
            await runtime.bot.delete_webhook(drop_pending_updates=False)
            poller = Poller(
                runtime.bot,
                runtime.pipeline,
                runtime.session_factory,
                telegram.polling_timeout,
                runtime.dispatcher.resolve_used_update_types(),
            )
            await poller.run(stop)
    finally:
        # Background work finishes what it has in hand (a send, a record) instead of being
        # cut off in the middle of a transaction.
        stopping.set()
        _, stragglers = await asyncio.wait(background, timeout=BACKGROUND_STOP_SECONDS)
        for task in stragglers:
            task.cancel()
        for task in stragglers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
