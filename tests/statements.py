"""The SQL a running bot sends to its database, for tests that count or look for statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from tests.harness import BotHarness


@contextmanager
def executed(bot: BotHarness) -> Iterator[list[str]]:
    """Every statement the bot's engine runs inside the block, in order, as sent."""
    assert bot.runtime is not None
    engine = bot.runtime.engine.sync_engine
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
