"""PostgreSQL set-up: a pooled connection is pinged before use only after it was idle a while.

SQLAlchemy's ``pool_pre_ping`` pings on every checkout: a round trip to the server before each
of the two or three transactions of every update, some of a step's time and CPU. A connection
handed back a moment ago is alive unless the server went away in that moment; then the first
statement fails, the pool drops all its connections, and the update pipeline runs the update
again on a new one (see ``bot.pipeline.pipeline.is_transient``). One idle longer than
``PING_AFTER_IDLE_SECONDS`` (a firewall or a restart may have cut it meanwhile) is pinged
first, and replaced if it does not answer.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine

PING_AFTER_IDLE_SECONDS = 10.0
_LAST_USED = "helpdesk_last_used"


def configure(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine
    dialect = sync_engine.dialect

    @event.listens_for(sync_engine, "connect")
    def _on_connect(_dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_LAST_USED, 0.0) <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("the connection did not answer a ping") from exc
        if not alive:
            raise DisconnectionError("the connection did not answer a ping")

    @event.listens_for(sync_engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()
