"""What differs between SQLite and PostgreSQL, in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


def dialect_name(session: AsyncSession) -> str:
    """The name of the database dialect the session talks to (``"postgresql"``, ``"sqlite"``)."""
    return session.get_bind().dialect.name


def is_postgres(session: AsyncSession) -> bool:
    return dialect_name(session) == "postgresql"


def makes_postgres_sessions(session_factory: async_sessionmaker[AsyncSession]) -> bool:
    """Whether the factory's sessions talk to PostgreSQL (known before any session is made)."""
    bind = session_factory.kw.get("bind")
    return bind is not None and bind.dialect.name == "postgresql"


def insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that can take ``on_conflict_do_nothing`` on either database."""
    return insert_for(dialect_name(session), table)


def insert_for(dialect: str, table: Any) -> Any:
    """:func:`insert` for a dialect named as :func:`dialect_name` names it."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
