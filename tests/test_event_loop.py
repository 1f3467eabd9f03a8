"""`python -m bot run` runs on uvloop (a dependency wherever it builds)."""

from __future__ import annotations

import asyncio

from bot.cli import run_event_loop


def test_the_service_runs_on_uvloop() -> None:
    async def loop_module() -> int:
        return 1 if type(asyncio.get_running_loop()).__module__.startswith("uvloop") else 0

    assert run_event_loop(loop_module()) == 1
