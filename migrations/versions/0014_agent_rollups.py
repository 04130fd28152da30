"""Reads that stay fast at a million complaints: the agents' SLA attainment by day
(``sla_agent_days``); the monthly snapshots indexed by month, customer and tier (complaints per tier
look each complainant up in one index); the undecided complaints and each agent's, team's and
city's open stages as partial indexes (the regulator queue, a team's overdue queue); a complaint's filter columns by id and an outcome's kind and amount by case, so the outcome
figures never read the wide rows; the acknowledgement times beside the filter columns by receipt.

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
COMPLAINT_FACTS = ("id", "duplicate_of_id", "city_id", "team_id", "agent_id", "channel", "level", "category")
UNDECIDED = sa.text("notify_at IS NULL")
OPEN = sa.text("done_at IS NULL")
PLACES = ("agent", "team", "city")
RECEIVED_FACTS = ["received_at", *COMPLAINT_FACTS[1:]]  # the receipt index as revision 0008 made it


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
    op.create_index(
        "ix_complaints_undecided", "complaints", ["received_at"], sqlite_where=UNDECIDED, postgresql_where=UNDECIDED
    )
    op.create_index("ix_complaints_id_facts", "complaints", list(COMPLAINT_FACTS))
    for place in PLACES:
        op.create_index(
            f"ix_complaint_stages_open_{place}_due",
            "complaint_stages",
            [f"{place}_id", "due_at"],
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
    op.drop_index("ix_complaints_received_facts", table_name="complaints")
    op.create_index("ix_complaints_received_facts", "complaints", [*RECEIVED_FACTS, "ack_at", "ack_due_at"])
    op.drop_index("ix_complaint_outcomes_complaint_id", table_name="complaint_outcomes")
    op.create_index(
        "ix_complaint_outcomes_complaint_kind_amount", "complaint_outcomes", ["complaint_id", "kind", "amount"]
    )
    for table in ("sla_agent_days", "customer_monthly", "complaints", "complaint_outcomes", "complaint_stages"):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    # Counted or indexed from other tables: dropping them loses nothing.
    op.drop_index("ix_complaint_outcomes_complaint_kind_amount", table_name="complaint_outcomes")
    op.create_index("ix_complaint_outcomes_complaint_id", "complaint_outcomes", ["complaint_id"])
    op.drop_index("ix_complaints_received_facts", table_name="complaints")
    op.create_index("ix_complaints_received_facts", "complaints", RECEIVED_FACTS)
    for place in PLACES:
        op.drop_index(f"ix_complaint_stages_open_{place}_due", table_name="complaint_stages")
    op.drop_index("ix_complaints_id_facts", table_name="complaints")
    op.drop_index("ix_complaints_undecided", table_name="complaints")
    op.drop_index("ix_customer_monthly_month_customer_tier", table_name="customer_monthly")
    op.create_index("ix_customer_monthly_month", "customer_monthly", ["month"])
    op.drop_table("sla_agent_days")
