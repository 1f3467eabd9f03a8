"""Browser fixture for the board tests; a screenshot of the page when a test fails."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.board.browser import Browser, require_browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    require_browser()
    opened = Browser()
    request.node.board_browser = opened
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def phone(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """A phone-sized browser (the Mini App)."""
    require_browser()
    opened = Browser(width=412, height=900)
    request.node.board_phone = opened
    try:
        yield opened
    finally:
        opened.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    name = re.sub(r"[^\w.-]+", "_", item.nodeid)
    for attr in ("board_browser", "board_phone"):
        opened: Browser | None = getattr(item, attr, None)
        if opened is None:
            continue
        path = ARTIFACTS / f"{name}-{attr.removeprefix('board_')}.png"
        try:
            opened.screenshot(path)
            report.sections.append(("board screenshot", str(path)))
        except Exception as exc:  # the browser itself may be what failed
            report.sections.append(("board screenshot", f"not saved: {exc}"))
