"""Migration 0011 flags the resident's fields in stored field sets (and its downgrade removes
the flags) and fills role_history from person_roles; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa

from db import migrate
from db.engine import create_engine

OLD_DEFINITION = [
    {"key": "address", "label": "Адрес", "type": "text", "order": 10},
    {"key": "client", "label": "ФИО", "type": "text", "order": 20},
    {"key": "contact", "label": "Телефон для связи", "type": "phone", "order": 30},
    {"key": "category", "label": "Категория", "type": "choice", "choices": ["А"], "order": 40},
]
GRANTED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LEFT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


async def test_flags_and_role_history(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine, "0010")
        async with engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO field_set_versions (id, version, definition, is_current, "
                    "created_at) VALUES (1, 'old', :definition, :yes, :at)"
                ),
                {"definition": _json(OLD_DEFINITION), "yes": True, "at": GRANTED},
            )
            await connection.execute(
                sa.text(
                    "INSERT INTO people (id, last_name, first_name, is_active, deactivated_at, "
                    "is_available, created_at, updated_at) VALUES "
                    "(1, 'Петров', 'Пётр', :yes, NULL, :yes, :at, :at), "
                    "(2, 'Ушедший', 'Иван', :no, :left, :no, :at, :at)"
                ),
                {"yes": True, "no": False, "at": GRANTED, "left": LEFT},
            )
            await connection.execute(
                sa.text(
                    "INSERT INTO person_roles (person_id, role, granted_at) VALUES "
                    "(1, 'operator', :at), (1, 'executor', :at), (2, 'manager', :at)"
                ),
                {"at": GRANTED},
            )

        await migrate.upgrade(engine, "0011")
        async with engine.connect() as connection:
            version, definition = (
                await connection.execute(
                    sa.text("SELECT version, definition FROM field_set_versions")
                )
            ).one()
            history = (
                await connection.execute(
                    sa.text(
                        "SELECT person_id, role, granted_at, revoked_at FROM role_history "
                        "ORDER BY person_id, role"
                    )
                )
            ).all()
        flagged = {field["key"] for field in _load(definition) if field.get("personal_data")}
        assert flagged == {"address", "client", "contact"}
        assert version != "old"  # the digest of the new content
        assert [(row[0], row[1]) for row in history] == [
            (1, "executor"),
            (1, "operator"),
            (2, "manager"),
        ]
        assert [_utc(row[2]) for row in history] == [GRANTED] * 3
        assert [_utc(row[3]) if row[3] else None for row in history] == [None, None, LEFT]

        await migrate.downgrade(engine, "0010")
        async with engine.connect() as connection:
            definition = (
                await connection.execute(sa.text("SELECT definition FROM field_set_versions"))
            ).scalar_one()
        assert _load(definition) == OLD_DEFINITION
    finally:
        await engine.dispose()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(value: object) -> list[dict[str, object]]:
    return json.loads(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _utc(value: object) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
