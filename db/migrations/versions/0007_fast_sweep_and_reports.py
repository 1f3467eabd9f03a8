"""fast sweep and reports: processing time stored on closing, sweep indexes without flags

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 12:00:00.000000

- ``tickets.processing_calendar_seconds`` / ``processing_working_seconds``: the processing
  time of a closed ticket (its stage visits up to closing, pausing stages left out), filled
  when it closes, so a report reads only the period's tickets instead of all stage visits;
  backfilled here from the visits.
- The sweep's partial indexes no longer name the flag columns (``stage_warned_at``,
  ``stage_breached_at``, ``breached_at``) in their predicates, and ``tickets`` gets
  ``fillfactor = 90`` on PostgreSQL: flagging changes no indexed column, so the update is HOT
  (one heap write instead of one per index).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "closed_at IS NULL"
_NEW = (
    ("ix_tickets_open_stage_deadline", "stage_deadline_at"),
    ("ix_tickets_open_stage_warn", "stage_warn_at"),
    ("ix_tickets_open_deadline", "deadline_at"),
)
_OLD = (
    ("ix_tickets_due_breach", "stage_deadline_at", _OPEN + " AND stage_breached_at IS NULL"),
    ("ix_tickets_due_warning", "stage_warn_at", _OPEN + " AND stage_warned_at IS NULL"),
    ("ix_tickets_due_ticket_breach", "deadline_at", _OPEN + " AND breached_at IS NULL"),
    ("ix_tickets_overdue_stage", "stage_deadline_at", _OPEN + " AND stage_breached_at IS NOT NULL"),
)
# Same definition as services.reports.compute before 0007: visits up to closing, pauses out.
_BACKFILL = """
UPDATE tickets SET processing_calendar_seconds = s.cal, processing_working_seconds = s.work
FROM (
    SELECT v.ticket_id,
        SUM(CASE WHEN v.paused_seconds = 0 THEN v.calendar_seconds ELSE 0 END) AS cal,
        SUM(CASE WHEN v.paused_seconds = 0 THEN v.working_seconds ELSE 0 END) AS work
    FROM ticket_stage_visits v JOIN tickets t ON t.id = v.ticket_id
    WHERE t.closed_at IS NOT NULL AND v.left_at <= t.closed_at
    GROUP BY v.ticket_id
) AS s
WHERE tickets.id = s.ticket_id
"""


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("processing_calendar_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("processing_working_seconds", sa.Integer(), nullable=True))
    op.execute(_BACKFILL)
    for name, _column, _where in _OLD:
        op.drop_index(name, table_name="tickets")
    for name, column in _NEW:
        op.create_index(
            name,
            "tickets",
            [column],
            postgresql_where=sa.text(_OPEN),
            sqlite_where=sa.text(_OPEN),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE tickets SET (fillfactor = 90)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE tickets RESET (fillfactor)")
    for name, _column in _NEW:
        op.drop_index(name, table_name="tickets")
    for name, column, where in _OLD:
        op.create_index(
            name, "tickets", [column], postgresql_where=sa.text(where), sqlite_where=sa.text(where)
        )
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("processing_working_seconds")
        batch.drop_column("processing_calendar_seconds")
