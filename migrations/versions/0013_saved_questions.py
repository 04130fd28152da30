"""Saved explore questions: per user by name, shared ones listed for everyone, and the product's own
shared questions for the weekly meeting (no owner, a preset code that names them in each language).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from migrations.guard import refuse_data_loss

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# preset code → the question's address parameters (domain.explore), as of this revision.
PRESETS = {
    "l1_by_team_last_week": "by=team&m=l1&period=last_week&top=0",
    "violent_top_cities_last_quarter": "by=city&cat=violent_collection&period=last_quarter",
    "interest_satisfaction_by_month": "by=month&cat=interest_dispute&m=satisfaction&period=this_year",
    "breach_rate_by_channel_last_month": "by=channel&m=breach_rate&period=last_month&top=0",
    "repeat_rate_by_category_last_quarter": "by=category&m=repeat_rate&period=last_quarter&top=0",
}


def upgrade() -> None:
    table = op.create_table(
        "saved_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("preset", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_saved_questions_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_questions")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_saved_questions_owner_id")),
        sa.UniqueConstraint("preset", name=op.f("uq_saved_questions_preset")),
    )
    stamp = datetime(2026, 12, 7)
    op.bulk_insert(
        table,
        [
            {"name": code, "params": params, "shared": True, "preset": code, "updated_at": stamp}
            for code, params in PRESETS.items()
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM saved_questions WHERE preset IS NOT NULL")  # the product's own, not users' data
    refuse_data_loss(revision, ["saved_questions"])
    op.drop_table("saved_questions")
