"""Shared fixtures: databases (SQLite and PostgreSQL), the fake Bot API, the running bot."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.config import Settings
from tests.databases import PG_DSN, fresh_postgres, pg_available
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness, make_settings

PG_REQUIRED = os.environ.get("HELPDESK_TEST_PG_REQUIRED") == "1"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No developer config.toml and no HELPDESK_* variables leak into a test."""
    for name in list(os.environ):
        if name.startswith("HELPDESK_") and not name.startswith("HELPDESK_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI installs its own log handler and record factory; keep them from outliving a
    test's captured stderr."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    factory = logging.getLogRecordFactory()
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.setLogRecordFactory(factory)


@asynccontextmanager
async def _fresh_postgres_database() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    if not await pg_available():
        if PG_REQUIRED:
            pytest.fail(f"PostgreSQL is required but unreachable at {PG_DSN}")
        pytest.skip("PostgreSQL is not reachable")
    async with fresh_postgres("helpdesk_test") as url:
        yield url


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    async with _fresh_postgres_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'helpdesk.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'helpdesk.sqlite3'}"
        return
    async with _fresh_postgres_database() as url:
        yield url


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    await api.stop()


ADMIN_ID = 111


@pytest.fixture
def settings(fake_api: FakeBotAPI, sqlite_url: str) -> Settings:
    return make_settings(api_base=fake_api.base_url, database_url=sqlite_url, admins=[ADMIN_ID])


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotHarness]:
    harness = BotHarness(settings)
    await harness.start()
    yield harness
    await harness.stop()
