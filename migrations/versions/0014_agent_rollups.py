"""The agents' SLA attainment by day (``sla_agent_days``), and the monthly snapshots indexed by month,
customer and tier, so complaints per tier look up each complainant's tier in one index.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import facts

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

KEYS = ("day", "agent_id", "level", "channel", "city_id", "team_id")


def upgrade() -> None:
    op.create_table(
        "sla_agent_days",
        sa.Column("day", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("agent_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("team_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("deadlines", sa.Integer(), nullable=False),
        sa.Column("met", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEYS, name=op.f("pk_sla_agent_days")),
    )
    facts.recount(op.get_bind(), "sla_agent_days")
    op.drop_index("ix_customer_monthly_month", table_name="customer_monthly")
    op.create_index(
        "ix_customer_monthly_month_customer_tier", "customer_monthly", ["month", "customer_id", "loyalty_tier"]
    )
    for table in ("sla_agent_days", "customer_monthly"):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    # Both are counted or indexed from other tables: dropping them loses nothing.
    op.drop_index("ix_customer_monthly_month_customer_tier", table_name="customer_monthly")
    op.create_index("ix_customer_monthly_month", "customer_monthly", ["month"])
    op.drop_table("sla_agent_days")
