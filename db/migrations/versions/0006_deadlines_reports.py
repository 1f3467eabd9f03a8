"""deadlines and reports: escalation steps, report runs, outbox files, sweep indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TICKET_DUE = "closed_at IS NULL AND breached_at IS NULL"
_STAGE_OVERDUE = "closed_at IS NULL AND stage_breached_at IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        "deadline_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("breached_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_deadline_escalations_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_escalations")),
        sa.UniqueConstraint(
            "ticket_id", "breached_at", "step", name=op.f("uq_deadline_escalations_ticket_id")
        ),
    )
    op.create_table(
        "report_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_runs")),
        sa.UniqueConstraint("schedule", "period_start", name=op.f("uq_report_runs_schedule")),
    )
    op.create_table(
        "outgoing_files",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outgoing_messages.id"],
            name=op.f("fk_outgoing_files_message_id_outgoing_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_outgoing_files")),
    )
    op.create_index(
        "ix_tickets_due_ticket_breach",
        "tickets",
        ["deadline_at"],
        postgresql_where=sa.text(_TICKET_DUE),
        sqlite_where=sa.text(_TICKET_DUE),
    )
    op.create_index(
        "ix_tickets_overdue_stage",
        "tickets",
        ["stage_deadline_at"],
        postgresql_where=sa.text(_STAGE_OVERDUE),
        sqlite_where=sa.text(_STAGE_OVERDUE),
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_overdue_stage", table_name="tickets")
    op.drop_index("ix_tickets_due_ticket_breach", table_name="tickets")
    op.drop_table("outgoing_files")
    op.drop_table("report_runs")
    op.drop_table("deadline_escalations")
