"""ticket search: token index and phone digits

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000

- ``tickets.phone_digits``: the ticket's phone numbers as their last 10 digits, space-separated
  with a space at both ends (``" 9215550101 "``).
- ``tickets.search_text`` changes from the values joined and lower-cased to their tokens in the
  same form (``" ул садовая д 10 кв 5 "``), so ``LIKE '% 10 %'`` matches whole numbers.

Both are computed in Python for every existing ticket with the application's own index
(``services.tickets.search_index``): the stored index must be what new tickets get. A later
change to how tickets are indexed needs a migration that computes them again.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from services.tickets.search_index import field_types, index_values

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500

_tickets = sa.table(
    "tickets",
    sa.column("id", sa.Integer()),
    sa.column("field_set_version_id", sa.Integer()),
    sa.column("values", sa.JSON()),
    sa.column("search_text", sa.Text()),
    sa.column("phone_digits", sa.Text()),
)
_field_sets = sa.table(
    "field_set_versions", sa.column("id", sa.Integer()), sa.column("definition", sa.JSON())
)


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("phone_digits", sa.Text(), server_default="", nullable=False))

    def indexed(values: Mapping[str, Any], types: Mapping[str, str]) -> tuple[str, str]:
        index = index_values(values, types)
        return index.search_text, index.phone_digits

    _rewrite(indexed)


def downgrade() -> None:
    def joined_text(values: Mapping[str, Any], _types: Mapping[str, str]) -> tuple[str, str]:
        # The form before 0009: the string values (and strings in lists) joined, lower-cased.
        parts: list[str] = []
        for value in values.values():
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list):
                parts.extend(str(item) for item in value if isinstance(item, str))
        return " ".join(parts).casefold(), ""

    _rewrite(joined_text)  # phone_digits still exists here, and is dropped next
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("phone_digits")


def _rewrite(compute: Callable[[Mapping[str, Any], Mapping[str, str]], tuple[str, str]]) -> None:
    """Set (search_text, phone_digits) of every ticket to ``compute(values, field types)``."""
    connection = op.get_bind()
    types = {
        row.id: field_types(row.definition or [])
        for row in connection.execute(sa.select(_field_sets.c.id, _field_sets.c.definition))
    }
    update = (
        _tickets.update()
        .where(_tickets.c.id == sa.bindparam("ticket_id"))
        .values(search_text=sa.bindparam("new_text"), phone_digits=sa.bindparam("new_digits"))
    )
    for batch in _batches(connection):
        rows = []
        for ticket_id, field_set_id, values in batch:
            text, digits = compute(values or {}, types.get(field_set_id, {}))
            rows.append({"ticket_id": ticket_id, "new_text": text, "new_digits": digits})
        connection.execute(update, rows)


def _batches(connection: sa.Connection) -> Iterator[list[tuple[int, int, Any]]]:
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_tickets.c.id, _tickets.c.field_set_version_id, _tickets.c["values"])
            .where(_tickets.c.id > last_id)
            .order_by(_tickets.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        yield [(row.id, row.field_set_version_id, row.values) for row in rows]
        last_id = rows[-1].id
