"""Indexes for the read paths: a partial one on complaints.duplicate_of_id (only duplicates), and
one per stage due time (SLA figures select the deadlines falling in a date range).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHERE = sa.text("duplicate_of_id IS NOT NULL")
STAGES = ("ack", "verify", "resolve", "notify", "archive")


def upgrade() -> None:
    op.drop_index("ix_complaints_duplicate_of_id", table_name="complaints")
    op.create_index(
        "ix_complaints_duplicates", "complaints", ["duplicate_of_id"], sqlite_where=WHERE, postgresql_where=WHERE
    )
    for stage in STAGES:
        op.create_index(f"ix_complaints_{stage}_due_at", "complaints", [f"{stage}_due_at"])


def downgrade() -> None:
    for stage in STAGES:
        op.drop_index(f"ix_complaints_{stage}_due_at", table_name="complaints")
    op.drop_index("ix_complaints_duplicates", table_name="complaints")
    op.create_index("ix_complaints_duplicate_of_id", "complaints", ["duplicate_of_id"])
