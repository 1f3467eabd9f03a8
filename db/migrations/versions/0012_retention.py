"""destruction acts (helper: retention)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 16:40:00.000000

A placeholder until its feature lands: it changes nothing.
"""

from collections.abc import Sequence

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
