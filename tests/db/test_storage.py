"""Dialogue state in the database: kept across engines, and part of the update's transaction."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event

from bot.storage import DatabaseStorage, current_session
from db import migrate
from db.engine import create_engine, create_session_factory

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42, destiny="aiogd_stack")


async def test_state_and_data_survive_a_new_engine(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    storage = DatabaseStorage(create_session_factory(engine))
    await storage.set_state(KEY, "Ticket:field")
    await storage.set_data(KEY, {"draft": {"client": "ООО Ромашка"}, "step": 3})
    await engine.dispose()

    engine = create_engine(database_url)
    storage = DatabaseStorage(create_session_factory(engine))
    assert await storage.get_state(KEY) == "Ticket:field"
    assert await storage.get_data(KEY) == {"draft": {"client": "ООО Ромашка"}, "step": 3}
    other = StorageKey(bot_id=1, chat_id=42, user_id=42, destiny="default")
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}
    await engine.dispose()


async def test_state_written_in_a_rolled_back_update_is_not_kept(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    storage = DatabaseStorage(factory)
    await storage.set_state(KEY, "before")

    async with factory() as session:
        token = current_session.set(session)
        try:
            await storage.set_state(KEY, "after")
            assert await storage.get_state(KEY) == "after"
            await session.rollback()
        finally:
            current_session.reset(token)

    assert await storage.get_state(KEY) == "before"
    await engine.dispose()


async def test_a_step_reads_the_state_and_the_dialogue_stack_in_one_query(
    database_url: str,
) -> None:
    """aiogram asks for its own state and aiogram-dialog for the chat's stack on every update:
    both are read at once, the missing one too, and each answers from what is stored."""
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    storage = DatabaseStorage(factory)
    state_key = StorageKey(bot_id=1, chat_id=42, user_id=42)
    stack_key = StorageKey(bot_id=1, chat_id=42, user_id=42, destiny="aiogd:stack:")
    context_key = StorageKey(bot_id=1, chat_id=42, user_id=42, destiny="aiogd:context:Ab1")
    await storage.set_data(stack_key, {"intents": ["Ab1"], "last_message_id": 7})
    await storage.set_data(context_key, {"state": "TicketSG:field"})

    reads: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    # The storage that wrote the stack knows its top context and reads it in the same query.
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    async with factory() as session, session.begin():
        token = current_session.set(session)
        try:
            assert await storage.get_state(state_key) is None
            assert await storage.get_data(context_key) == {"state": "TicketSG:field"}
            assert len(reads) == 1
        finally:
            current_session.reset(token)
    reads.clear()

    # Another process's storage does not know it yet: the context costs a second query.
    storage = DatabaseStorage(factory)
    async with factory() as session, session.begin():
        token = current_session.set(session)
        try:
            assert await storage.get_state(state_key) is None
            assert await storage.get_data(stack_key) == {"intents": ["Ab1"], "last_message_id": 7}
            assert await storage.get_data(state_key) == {}
            assert len(reads) == 1
            assert await storage.get_data(context_key) == {"state": "TicketSG:field"}
            assert len(reads) == 2
            await storage.set_state(state_key, "Other:step")
            assert await storage.get_state(state_key) == "Other:step"
            assert len(reads) == 2
        finally:
            current_session.reset(token)
    event.remove(engine.sync_engine, "before_cursor_execute", count)

    assert await storage.get_state(state_key) == "Other:step"
    assert await storage.get_data(stack_key) == {"intents": ["Ab1"], "last_message_id": 7}
    await engine.dispose()
