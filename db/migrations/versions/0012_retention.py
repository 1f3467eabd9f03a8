"""destruction acts and the anonymisation mark of tickets (helper: retention)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 16:40:00.000000

- ``tickets.anonymised_at``: when the ticket's personal data was replaced by placeholders
  (retention of closed tickets, or an erasure); the daily job skips such tickets.
- ``destruction_acts`` and ``destruction_act_items``: the records (акты) of each run that
  anonymised or removed something.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "destruction_acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_acts")),
    )
    op.create_index("ix_destruction_acts_at", "destruction_acts", ["at"])
    op.create_table(
        "destruction_act_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("ticket_numbers", sa.JSON(), nullable=False),
        sa.Column("person_ids", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["destruction_acts.id"],
            name=op.f("fk_destruction_act_items_act_id_destruction_acts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_act_items")),
    )
    op.create_index(op.f("ix_destruction_act_items_act_id"), "destruction_act_items", ["act_id"])


def downgrade() -> None:
    op.drop_table("destruction_act_items")
    op.drop_table("destruction_acts")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("anonymised_at")
