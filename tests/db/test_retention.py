"""Housekeeping forgets old handled update ids and old delivered messages only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db import migrate
from db.base import utcnow
from db.engine import create_engine, create_session_factory
from db.models import OutgoingMessage, ProcessedUpdate
from scheduler.retention import purge_old_records


async def test_purge_keeps_recent_and_pending_records(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    now = utcnow()
    async with factory() as session, session.begin():
        session.add_all(
            [
                ProcessedUpdate(update_id=1, processed_at=now - timedelta(days=8)),
                ProcessedUpdate(update_id=2, processed_at=now - timedelta(days=1)),
                OutgoingMessage(chat_id=1, text="old", sent_at=now - timedelta(days=91)),
                OutgoingMessage(chat_id=1, text="recent", sent_at=now - timedelta(days=2)),
                OutgoingMessage(chat_id=1, text="pending", created_at=now - timedelta(days=200)),
            ]
        )
    await purge_old_records(factory)
    async with factory() as session:
        updates = list(await session.scalars(select(ProcessedUpdate.update_id)))
        texts = sorted(await session.scalars(select(OutgoingMessage.text)))
    assert updates == [2]
    assert texts == ["pending", "recent"]
    await engine.dispose()
