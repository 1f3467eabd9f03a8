"""personal-data flag on stored fields, notice acceptances, role history (helper: privacy)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:40:00.000000

- Stored field sets (``field_set_versions.definition``) get ``"personal_data": true`` on the
  fields that hold the resident's data: the keys client, phone, address and flat and every
  phone-type field; their ``version`` digest is computed again. Downgrade removes the key.
- ``privacy_acceptances``: who accepted which version of the privacy notice, and when.
- ``role_history``: every period a person held a role (the access list), filled from
  ``person_roles``: an open period for each role of an active person, one closed at the
  deactivation for an inactive one.
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As services.privacy.fields at the time of writing (a migration keeps its own copy).
_PERSONAL_KEYS = frozenset({"client", "phone", "address", "flat"})
_PHONE_TYPE = "phone"

_field_sets = sa.table(
    "field_set_versions",
    sa.column("id", sa.Integer()),
    sa.column("version", sa.String()),
    sa.column("definition", sa.JSON()),
)
_people = sa.table(
    "people",
    sa.column("id", sa.Integer()),
    sa.column("is_active", sa.Boolean()),
    sa.column("deactivated_at", sa.DateTime(timezone=True)),
)
_person_roles = sa.table(
    "person_roles",
    sa.column("person_id", sa.Integer()),
    sa.column("role", sa.String()),
    sa.column("granted_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "privacy_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_privacy_acceptances_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_acceptances")),
        sa.UniqueConstraint("person_id", "version", name=op.f("uq_privacy_acceptances_person_id")),
    )
    history = op.create_table(
        "role_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_role_history_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["people.id"],
            name=op.f("fk_role_history_granted_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["people.id"],
            name=op.f("fk_role_history_revoked_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_history")),
    )
    op.create_index("ix_role_history_person_id_role", "role_history", ["person_id", "role"])
    assert history is not None
    _backfill_role_history(history)
    _rewrite_definitions(_flagged)


def downgrade() -> None:
    _rewrite_definitions(_unflagged)
    op.drop_index("ix_role_history_person_id_role", table_name="role_history")
    op.drop_table("role_history")
    op.drop_table("privacy_acceptances")


def _backfill_role_history(history: sa.Table) -> None:
    now = datetime.now(UTC)
    rows = op.get_bind().execute(
        sa.select(
            _person_roles.c.person_id,
            _person_roles.c.role,
            _person_roles.c.granted_at,
            _people.c.is_active,
            _people.c.deactivated_at,
        ).join(_people, _people.c.id == _person_roles.c.person_id)
    )
    values = [
        {
            "person_id": person_id,
            "role": role,
            "granted_at": granted_at or now,
            "revoked_at": None if is_active else (deactivated_at or now),
        }
        for person_id, role, granted_at, is_active, deactivated_at in rows
    ]
    if values:
        op.bulk_insert(history, values)


def _flagged(field: dict[str, Any]) -> dict[str, Any]:
    if field.get("key") in _PERSONAL_KEYS or field.get("type") == _PHONE_TYPE:
        return {**field, "personal_data": True}
    return field


def _unflagged(field: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in field.items() if name != "personal_data"}


def _digest(definition: Any) -> str:
    # As services.tickets.definitions._digest: the stored version of a definition.
    encoded = json.dumps(definition, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


def _rewrite_definitions(change: Any) -> None:
    bind = op.get_bind()
    rows = list(
        bind.execute(sa.select(_field_sets.c.id, _field_sets.c.version, _field_sets.c.definition))
    )
    taken = {version for _id, version, _definition in rows}
    for row_id, version, definition in rows:
        if not isinstance(definition, list):
            continue
        changed = [change(field) if isinstance(field, dict) else field for field in definition]
        if changed == definition:
            continue
        values: dict[str, Any] = {"definition": changed}
        digest = _digest(changed)
        if digest not in taken:  # two versions that only differed in flags keep their own
            taken.discard(version)
            taken.add(digest)
            values["version"] = digest
        bind.execute(sa.update(_field_sets).where(_field_sets.c.id == row_id).values(**values))
