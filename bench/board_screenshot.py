"""Saves docs/board.png: the wall-screen board (1920x1080) with a few dozen open tickets, in
Debian's headless chromium (make browser). Run: .venv/bin/python bench/board_screenshot.py"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_board import TOKEN, _port, _seed  # noqa: E402

from bot.app import build_runtime  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.web.server import create_web_app  # noqa: E402
from db import migrate  # noqa: E402
from tests.board.browser import Browser  # noqa: E402


async def main(tickets: int = 36) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = _port()
        settings = Settings(
            telegram={"token": TOKEN, "api_base": "http://127.0.0.1:9"},
            database={"url": f"sqlite+aiosqlite:///{tmp}/board.sqlite3"},
            api={"enabled": True, "listen_port": port},
        )
        runtime = build_runtime(settings)
        await migrate.upgrade(runtime.engine)
        token, _ = await _seed(runtime, tickets)
        app_runner = web.AppRunner(create_web_app(runtime), access_log=None)
        await app_runner.setup()
        await web.TCPSite(app_runner, "127.0.0.1", port).start()
        browser = Browser()
        try:
            await browser.get(f"http://127.0.0.1:{port}/board/s/{token}")
            await browser.until("return document.querySelector('#live.on')")
            await asyncio.sleep(1.2)
            out = ROOT / "docs" / "board.png"
            await browser.call(browser.screenshot, out)
            print(f"saved {out}")
        finally:
            browser.close()
            await app_runner.cleanup()
            await runtime.close()


if __name__ == "__main__":
    asyncio.run(main())
