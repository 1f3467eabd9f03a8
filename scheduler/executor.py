"""An asyncio executor that lets running jobs finish when the service stops.

APScheduler's own executor cancels running job tasks on shutdown. A job cancelled in the middle
of a database call can leave a connection half-closed (with aiosqlite, a close that never
completes), and its work is lost until the next run anyway; waiting a little is better.
"""

from __future__ import annotations

import asyncio

from apscheduler.executors.asyncio import AsyncIOExecutor


class DrainableAsyncIOExecutor(AsyncIOExecutor):
    async def drain(self, wait_seconds: float) -> None:
        """Wait up to ``wait_seconds`` for the jobs that are running now."""
        running = [future for future in self._pending_futures if not future.done()]
        if running:
            await asyncio.wait(running, timeout=wait_seconds)
