"""Runs the real service (dispatcher, polling, delivery, scheduler) inside the test's loop."""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import BaseModel

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.runner import prepare, run_until_stopped

TEST_TOKEN = "123456789:TEST-token-for-the-fake-bot-api-0001"


def make_settings(
    *, api_base: str, database_url: str, admins: list[int] | None = None, **sections: Any
) -> Settings:
    telegram = {"token": TEST_TOKEN, "api_base": api_base, "polling_timeout": 5}
    telegram.update(sections.pop("telegram", {}))
    # Staff created by fixtures talk to the bot at once: the privacy notice is not asked for
    # unless a test turns it on (tests/privacy do).
    privacy = sections.pop("privacy", {})
    if isinstance(privacy, BaseModel):
        privacy = privacy.model_dump(exclude_unset=True)
    sections["privacy"] = {"require_acceptance": False, **privacy}
    return Settings(
        telegram=telegram,
        database={"url": database_url},
        access={"admins": admins or []},
        **sections,
    )


class BotHarness:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runtime: Runtime | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.runtime = build_runtime(self.settings)
        await prepare(self.runtime)
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(run_until_stopped(self.runtime, self._stop))

    async def stop(self) -> None:
        if self._task is None or self.runtime is None:
            return
        self._stop.set()
        try:
            await asyncio.wait_for(self._task, 15)
        finally:
            await self.runtime.close()
            self._task = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def session_factory(self) -> Any:
        assert self.runtime is not None
        return self.runtime.session_factory
