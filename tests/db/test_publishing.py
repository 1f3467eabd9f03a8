"""Two field-set saves at the same moment leave exactly one current version."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import FieldSetVersion
from services.fields import field_set_from_config, load_default_field_set
from services.tickets.definitions import publish_field_set


async def test_concurrent_publishing_keeps_one_current_version(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    base = load_default_field_set().to_config()

    async def save(label: str) -> None:
        edited = [dict(field) for field in base]
        edited[0]["label"] = label
        async with factory() as session, session.begin():
            await publish_field_set(session, field_set_from_config(edited))
            await asyncio.sleep(0.05)  # keep the transactions overlapping

    for round_number in range(5):
        await asyncio.gather(*(save(f"Клиент {round_number}-{i}") for i in range(4)))
        async with factory() as session:
            current = await session.scalar(
                select(func.count()).select_from(FieldSetVersion).where(FieldSetVersion.is_current)
            )
        assert current == 1
    await engine.dispose()
