"""The real service as a separate process (``python -m bot``), for kill and start-up tests."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def service_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    # As tests.harness.make_settings: test staff are not asked to accept the privacy notice.
    env["HELPDESK_PRIVACY__REQUIRE_ACCEPTANCE"] = "false"
    env.update(overrides)
    return env


async def run_cli(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> tuple[int, str]:
    """Run ``python -m bot ARGS`` to completion; returns (exit code, stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


class ServiceProcess:
    def __init__(self, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def wait(self, timeout: float = 20) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def terminate(self) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")
