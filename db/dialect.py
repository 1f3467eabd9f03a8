"""What differs between SQLite and PostgreSQL, in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    """The name of the database dialect the session talks to (``"postgresql"``, ``"sqlite"``)."""
    return session.get_bind().dialect.name


def is_postgres(session: AsyncSession) -> bool:
    return dialect_name(session) == "postgresql"


def insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that can take ``on_conflict_do_nothing`` on either database."""
    return insert_for(dialect_name(session), table)


def insert_for(dialect: str, table: Any) -> Any:
    """:func:`insert` for a dialect named as :func:`dialect_name` names it."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
