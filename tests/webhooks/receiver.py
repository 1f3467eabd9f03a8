"""A webhook receiver inside the test: a real aiohttp server on a fixed port that can go down
and come back, answer with a chosen status, and keeps what it received."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


@dataclass
class Received:
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.raw)
        return result


@dataclass
class Receiver:
    port: int = field(default_factory=free_port)
    status: int = 200
    received: list[Received] = field(default_factory=list)
    # While set, requests wait here unanswered (a slow receiver); ``waiting`` counts them.
    hold: asyncio.Event | None = None
    waiting: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def _hook(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if self.hold is not None:
            self.waiting += 1
            await self.hold.wait()
        if self.status < 300:
            self.received.append(Received(dict(request.headers), raw))
        return web.Response(status=self.status)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def types(self) -> list[str]:
        return [item.body["type"] for item in self.received]

    async def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        async with asyncio.timeout(timeout):
            while True:
                if len(self.received) >= count:
                    return self.received
                await asyncio.sleep(0.05)

    async def wait_held(self, count: int, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while True:
                if self.waiting >= count:
                    return
                await asyncio.sleep(0.05)
