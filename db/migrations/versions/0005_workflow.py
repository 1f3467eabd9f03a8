"""workflow: round-robin cursor, ticket offers, outbox edits and attachments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assignment_cursors",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("last_person_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_assignment_cursors")),
    )
    with op.batch_alter_table("outgoing_messages") as batch:
        batch.add_column(sa.Column("edit_of_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("attachment", sa.JSON(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_outgoing_messages_edit_of_id_outgoing_messages"),
            "outgoing_messages",
            ["edit_of_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "ticket_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outgoing_messages.id"],
            name=op.f("fk_ticket_offers_outbox_id_outgoing_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_ticket_offers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_offers_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_offers")),
    )
    op.create_index(
        "ix_ticket_offers_ticket_id_kind", "ticket_offers", ["ticket_id", "kind"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_offers_ticket_id_kind", table_name="ticket_offers")
    op.drop_table("ticket_offers")
    with op.batch_alter_table("outgoing_messages") as batch:
        batch.drop_constraint(
            op.f("fk_outgoing_messages_edit_of_id_outgoing_messages"), type_="foreignkey"
        )
        batch.drop_column("attachment")
        batch.drop_column("edit_of_id")
    op.drop_table("assignment_cursors")
