"""update pipeline: journaled replies, failed updates, per-chat queues, deactivation time

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:00:00.000000

- ``outgoing_messages`` also holds a handler's replies as Bot API calls (``method``,
  ``payload``, ``synthetic_id``, ``update_id``), counts the failures after which Telegram may
  have delivered a message (``ambiguous_failures``), and gets an index on each chat's queue.
- ``processed_updates`` records whether the handling succeeded (``status``, ``error_code``).
- ``people.deactivated_at``: notifications queued before it are dropped, not sent.
- ``pending_updates``: updates fetched by long polling and not finished yet (saved before
  Telegram is told they arrived).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PENDING = "sent_at IS NULL AND failed_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "pending_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_pending_updates")),
    )
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("synthetic_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("update_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("ambiguous_failures", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_outgoing_messages_synthetic_id"), ["synthetic_id"], unique=False
        )
        batch_op.create_index(
            "ix_outgoing_messages_chat_queue",
            ["chat_id", "id"],
            unique=False,
            postgresql_where=sa.text(_PENDING),
            sqlite_where=sa.text(_PENDING),
        )
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="handled", nullable=False)
        )
        batch_op.add_column(sa.Column("error_code", sa.String(length=16), nullable=True))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_table("pending_updates")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_column("error_code")
        batch_op.drop_column("status")
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_outgoing_messages_chat_queue",
            postgresql_where=sa.text(_PENDING),
            sqlite_where=sa.text(_PENDING),
        )
        batch_op.drop_index(batch_op.f("ix_outgoing_messages_synthetic_id"))
        batch_op.drop_column("ambiguous_failures")
        batch_op.drop_column("update_id")
        batch_op.drop_column("synthetic_id")
        batch_op.drop_column("payload")
        batch_op.drop_column("method")
