"""Dialogue state kept in the database, inside the update's own transaction when there is one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import FsmRecord

# The per-update session, set by the transaction middleware. Writing state through it makes
# a dialogue step commit or roll back together with the rest of the handler's changes.
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


def dialogue_key_builder() -> KeyBuilder:
    # aiogram-dialog keeps several records per chat; the destiny tells them apart.
    return DefaultKeyBuilder(with_bot_id=True, with_destiny=True)


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._key_builder = key_builder or dialogue_key_builder()

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        session = current_session.get()
        if session is not None:
            yield session
            return
        async with self._session_factory() as own, own.begin():
            yield own

    async def _record(self, session: AsyncSession, key: StorageKey) -> FsmRecord:
        storage_key = self._key_builder.build(key)
        record = await session.get(FsmRecord, storage_key)
        if record is None:
            record = FsmRecord(key=storage_key, state=None, data={})
            session.add(record)
        return record

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        async with self._session() as session:
            record = await self._record(session, key)
            record.state = state.state if isinstance(state, State) else state
            await session.flush()

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await session.get(FsmRecord, self._key_builder.build(key))
            return record.state if record is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._session() as session:
            record = await self._record(session, key)
            record.data = dict(data)
            await session.flush()

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await session.get(FsmRecord, self._key_builder.build(key))
            return dict(record.data) if record is not None else {}

    async def close(self) -> None:
        return None
