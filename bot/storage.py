"""Dialogue state kept in the database, inside the update's own transaction when there is one."""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    DEFAULT_DESTINY,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import FsmRecord
from db.sqlite import point_statements
from services import outbox

# The per-update session, set by the update pipeline. Writing state through it makes
# a dialogue step commit or roll back together with the rest of the handler's changes.
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
# The records an update wrote, kept in ``session.info``: once its replies are sent, their
# stand-in message ids are replaced with the real ones.
WRITTEN_RECORDS = "helpdesk_fsm_records"
# aiogram-dialog remembers the message it shows; a stand-in id (negative) left there by a
# process that died before it could replace it is looked up when the state is read.
_MESSAGE_ID_KEY = "last_message_id"
_SEEN = "helpdesk_fsm_seen"
# aiogram-dialog's key of a chat's dialogue stack (its default stack, whose id is empty).
_DIALOGUE_STACK = "aiogd:stack:"
_DIALOGUE_CONTEXT = "aiogd:context:"
# Chats whose open dialogue this process remembers (to read it along with the stack).
_REMEMBERED_DIALOGUES = 10_000


# Built once: building a statement costs more CPU than running one by key.
_KEYS = "record_keys"
_RECORDS = select(FsmRecord).where(FsmRecord.key.in_(bindparam(_KEYS, expanding=True)))


def dialogue_key_builder() -> KeyBuilder:
    # aiogram-dialog keeps several records per chat; the destiny tells them apart.
    return DefaultKeyBuilder(with_bot_id=True, with_destiny=True)


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
        known_message_id: Callable[[int], int | None] | None = None,
    ) -> None:
        """``known_message_id``: the real id of a stand-in one, if this process knows it."""
        self._session_factory = session_factory
        self._key_builder = key_builder or dialogue_key_builder()
        self._known_message_id = known_message_id
        # Stack record key -> the key of the context on top of it, as last seen here.
        self._top_context: OrderedDict[str, str] = OrderedDict()

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        session = current_session.get()
        if session is not None:
            yield session
            return
        async with self._session_factory() as own, own.begin():
            yield own

    async def _find(self, session: AsyncSession, key: StorageKey) -> FsmRecord | None:
        """The record, read once per transaction (missing ones too: a dialogue step asks for
        the same keys several times)."""
        storage_key = self._key_builder.build(key)
        transaction = session.sync_session.get_transaction()
        seen: tuple[object, dict[str, FsmRecord | None]] | None = session.info.get(_SEEN)
        if seen is None or seen[0] is not transaction:
            seen = (transaction, {})
        if storage_key not in seen[1]:
            wanted = [storage_key, *self._read_along(key)]
            wanted = [k for k in dict.fromkeys(wanted) if k not in seen[1]]
            # As session.get: the handler's changes stay pending.
            with session.no_autoflush, point_statements():
                found = await session.scalars(_RECORDS, {_KEYS: wanted})
            records = {record.key: record for record in found}
            for wanted_key in wanted:
                seen[1][wanted_key] = records.get(wanted_key)
                if wanted_key.endswith(_DIALOGUE_STACK):
                    found_stack = records.get(wanted_key)
                    self._remember_top(wanted_key, found_stack.data if found_stack else None)
            # The first query may have begun the transaction: key the memo by it.
            seen = (session.sync_session.get_transaction(), seen[1])
        session.info[_SEEN] = seen
        return seen[1][storage_key]

    def keys_read_first(self, key: StorageKey) -> list[str]:
        """The records an update of ``key``'s chat reads first: the pipeline reads them along
        with the update's claim (on PostgreSQL) and hands them over with :meth:`read_ahead`."""
        return list(dict.fromkeys([self._key_builder.build(key), *self._read_along(key)]))

    def read_ahead(
        self, session: AsyncSession, keys: Sequence[str], records: Iterable[FsmRecord]
    ) -> None:
        """``records``: those of ``keys`` that exist, read in the session's transaction."""
        found = {record.key: record for record in records}
        for key in keys:
            if key.endswith(_DIALOGUE_STACK):
                stack = found.get(key)
                self._remember_top(key, stack.data if stack is not None else None)
        transaction = session.sync_session.get_transaction()
        session.info[_SEEN] = (transaction, {key: found.get(key) for key in keys})

    def _read_along(self, key: StorageKey) -> list[str]:
        """Every update of a chat asks for aiogram's own state and aiogram-dialog's stack, then
        for the context the stack names: all three are read in one query when this process
        knows which context that is (it wrote or read the stack last). A guess that turns out
        wrong costs only the query that reads the right one; nothing is taken from memory
        but the key."""
        stack = self._key_builder.build(replace(key, user_id=key.chat_id, destiny=_DIALOGUE_STACK))
        along = [self._key_builder.build(replace(key, destiny=DEFAULT_DESTINY)), stack]
        top = self._top_context.get(stack)
        if top is not None:
            along.append(top)
        return along

    def _remember_top(self, stack_key: str, data: Mapping[str, Any] | None) -> None:
        intents = data.get("intents") if data else None
        if not intents or not isinstance(intents, list):
            self._top_context.pop(stack_key, None)
            return
        prefix = stack_key[: -len(_DIALOGUE_STACK)]
        self._top_context[stack_key] = f"{prefix}{_DIALOGUE_CONTEXT}{intents[-1]}"
        self._top_context.move_to_end(stack_key)
        while len(self._top_context) > _REMEMBERED_DIALOGUES:
            self._top_context.popitem(last=False)

    async def _record(self, session: AsyncSession, key: StorageKey) -> FsmRecord:
        record = await self._find(session, key)
        if record is None:
            storage_key = self._key_builder.build(key)
            record = FsmRecord(key=storage_key, state=None, data={})
            session.add(record)
            session.info[_SEEN][1][storage_key] = record
        written: list[FsmRecord] = session.info.setdefault(WRITTEN_RECORDS, [])
        if record not in written:
            written.append(record)
        return record

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            if value is None and not await self._exists(session, key):
                return  # nothing to clear; do not create an empty record
            record = await self._record(session, key)
            if record.state != value:
                record.state = value

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await self._find(session, key)
            return record.state if record is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        value = dict(data)
        async with self._session() as session:
            if not value and not await self._exists(session, key):
                return
            record = await self._record(session, key)
            if record.data != value:
                record.data = value
            if record.key.endswith(_DIALOGUE_STACK):
                self._remember_top(record.key, value)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await self._find(session, key)
            if record is None:
                return {}
            # A deep copy: aiogram-dialog changes nested dicts in place, and the record must
            # keep what is stored to tell whether set_data changes anything.
            data = copy.deepcopy(record.data)
            message_id = data.get(_MESSAGE_ID_KEY)
            if isinstance(message_id, int) and message_id < 0:
                data[_MESSAGE_ID_KEY] = await self._real_id(session, message_id)
            return data

    async def _real_id(self, session: AsyncSession, synthetic_id: int) -> int | None:
        known = self._known_message_id(synthetic_id) if self._known_message_id else None
        if known is not None:
            return known
        found = await outbox.resolve_synthetic(session, [synthetic_id])
        return found.get(synthetic_id)

    async def _exists(self, session: AsyncSession, key: StorageKey) -> bool:
        return await self._find(session, key) is not None

    async def close(self) -> None:
        return None
