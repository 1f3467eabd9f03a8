"""Processes of their own serving ``[api]`` on one port, for more than one core's worth of API.

With ``[api] workers = 1`` the main process serves the web app beside its updates, outbox and
scheduler. With ``workers = N > 1`` it starts N worker processes that serve only the web app,
each listening on the same address with SO_REUSEPORT, so the kernel spreads the connections
over them, and a burst of API calls takes no CPU from the people talking to the bot. A worker
writes to the outbox like any handler and wakes the main process's sender with SIGUSR1: the
messages still leave from one process, inside one pacer's limits.

A worker that exits is started again; a worker whose main process is gone (even by kill -9)
stops within a second. The database must be PostgreSQL: SQLite takes one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from functools import partial
from pathlib import Path

from bot.config import Settings
from bot.memory import freeze_start_up_objects
from bot.waiting import first_of

log = logging.getLogger(__name__)

RESTART_DELAY_SECONDS = 1.0
STOP_SECONDS = 8.0  # inside the main process's own wait for its background work
PARENT_CHECK_SECONDS = 1.0
WAKE_SIGNAL = signal.SIGUSR1
WORKER_COMMAND = "web-worker"


class WebWorkers:
    """Keeps ``count`` worker processes running until ``stop`` is set."""

    def __init__(self, count: int, config_path: Path | None) -> None:
        self._count = count
        self._config_path = config_path

    def _command(self) -> list[str]:
        command = [sys.executable, "-m", "bot", WORKER_COMMAND]
        if self._config_path is not None:
            command += ["--config", str(self._config_path)]
        return command

    async def run(self, stop: asyncio.Event) -> None:
        keepers = [
            asyncio.create_task(self._keep(number, stop), name=f"web-worker-{number}")
            for number in range(1, self._count + 1)
        ]
        await asyncio.gather(*keepers)

    async def _keep(self, number: int, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                # A session of its own: a Ctrl-C in the terminal reaches the main process only,
                # which then stops the workers (instead of restarting the ones that stopped).
                process = await asyncio.create_subprocess_exec(
                    *self._command(), start_new_session=True
                )
            except OSError:
                log.exception("web worker could not start", extra={"worker": number})
                await first_of(stop, timeout=RESTART_DELAY_SECONDS)
                continue
            log.info("web worker started", extra={"worker": number, "pid": process.pid})
            exited = asyncio.ensure_future(process.wait())
            await first_of(stop, _done_event(exited))
            if exited.done():
                log.warning("web worker exited", extra={"worker": number, "code": exited.result()})
                await first_of(stop, timeout=RESTART_DELAY_SECONDS)
                continue
            process.terminate()
            try:
                await asyncio.wait_for(exited, STOP_SECONDS)
            except TimeoutError:
                process.kill()
                await exited


def _done_event(future: asyncio.Future[int]) -> asyncio.Event:
    done = asyncio.Event()
    future.add_done_callback(lambda _: done.set())
    return done


def wake_main_process(main_pid: int) -> None:
    """A worker's outbox rows are committed: the main process's sender looks now. Only while
    it is still this worker's parent: an orphan's new parent must not get the signal."""
    if os.getppid() == main_pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(main_pid, WAKE_SIGNAL)


async def serve_worker(settings: Settings) -> None:
    """A worker's life: the web app until SIGTERM or until its main process is gone."""
    from bot.app import build_runtime
    from bot.web.server import serve_web

    main_pid = os.getppid()
    runtime = build_runtime(settings)
    runtime.outbox_waker = partial(wake_main_process, main_pid)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    watch = asyncio.create_task(_watch_main_process(main_pid, stop), name="watch-main")
    try:
        freeze_start_up_objects()
        await serve_web(runtime, stop, reuse_port=True)
    finally:
        watch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watch
        await runtime.close()


async def _watch_main_process(main_pid: int, stop: asyncio.Event) -> None:
    while not stop.is_set():
        if os.getppid() != main_pid:
            log.warning("main process gone: web worker stops")
            stop.set()
            return
        await first_of(stop, timeout=PARENT_CHECK_SECONDS)
