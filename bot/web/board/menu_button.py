"""The Mini App's menu button: managers, operators and admins get «Табло» opening
``{public_url}/board/app`` (setChatMenuButton with a WebAppInfo); Telegram requires https.

Kept in step by the web server itself, so no handler has to remember it: at start for every
existing person, then every ``SYNC_SECONDS`` for people whose roles changed (access granted
or removed, deactivated). Calls go out through the delivery bot outside any transaction;
a failed call is retried on the next round. Each process remembers what it has set.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from sqlalchemy import select

from bot.app import Runtime
from bot.i18n import get_translator
from bot.web.board.auth import BOARD_ROLES
from db.models import Person, PersonRole, Role

log = logging.getLogger(__name__)

# One SELECT of the staff and their roles per round: cheap next to a role change noticed late.
SYNC_SECONDS = 5.0
# Pace of the calls: well under Telegram's limits.
CALL_GAP_SECONDS = 0.05


def board_app_url(runtime: Runtime) -> str | None:
    url = runtime.settings.api.public_url
    return f"{url}/board/app" if url.startswith("https://") else None


async def _wanted(runtime: Runtime) -> dict[int, bool]:
    """Telegram id → whether the person should have the board button."""
    admins = set(runtime.settings.access.admins)
    async with runtime.session_factory() as session:
        rows = await session.execute(
            select(Person.telegram_id, Person.is_active, PersonRole.role)
            .outerjoin(PersonRole, PersonRole.person_id == Person.id)
            .where(Person.telegram_id.is_not(None))
        )
        wanted: dict[int, bool] = {}
        for telegram_id, active, role in rows:
            if telegram_id is None:
                continue
            allowed = bool(active) and (
                (role is not None and Role(role) in BOARD_ROLES) or telegram_id in admins
            )
            wanted[telegram_id] = wanted.get(telegram_id, False) or allowed
    return wanted


class MenuButtonSync:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._applied: dict[int, bool] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if board_app_url(self._runtime) is not None:
            self._task = asyncio.create_task(self._run(), name="board-menu-button")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self.sync_once()
            except Exception:
                log.warning("board menu button sync failed", exc_info=True)
            await asyncio.sleep(SYNC_SECONDS)

    async def sync_once(self) -> int:
        """Sets the buttons that differ from what this process set; how many calls."""
        url = board_app_url(self._runtime)
        if url is None:
            return 0
        text = get_translator(self._runtime.settings.company.locale).plain("board-menu-button")
        bot = self._runtime.delivery_bot
        calls = 0
        for telegram_id, want in (await _wanted(self._runtime)).items():
            if self._applied.get(telegram_id) == want:
                continue
            if not want and telegram_id not in self._applied:
                self._applied[telegram_id] = False  # never had it from us
                continue
            button = (
                MenuButtonWebApp(text=text, web_app=WebAppInfo(url=url))
                if want
                else MenuButtonDefault()
            )
            try:
                await bot.set_chat_menu_button(chat_id=telegram_id, menu_button=button)
            except TelegramRetryAfter as exc:
                await asyncio.sleep(exc.retry_after)
                continue
            except TelegramAPIError:
                log.warning("setChatMenuButton failed", extra={"telegram_id": telegram_id})
                continue
            self._applied[telegram_id] = want
            calls += 1
            await asyncio.sleep(CALL_GAP_SECONDS)
        return calls
