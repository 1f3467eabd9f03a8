"""Tells whether a session's transaction has written anything (ORM flushes or DML statements).

The update pipeline records an update as handled, and journals its replies, only when the
handling changed something: an update that only read is simply handled again if it comes back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

_WROTE = "helpdesk_wrote"


def wrote(session: AsyncSession) -> bool:
    """Whether the current transaction wrote; pending ORM changes count too."""
    sync = session.sync_session
    if sync.new or sync.deleted or any(sync.is_modified(obj) for obj in sync.dirty):
        return True
    return bool(sync.info.get(_WROTE))


def forget(session: AsyncSession) -> None:
    """Called when the transaction ended (commit or rollback)."""
    session.sync_session.info.pop(_WROTE, None)


@event.listens_for(Session, "before_flush")
def _flushing(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executing(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True
