"""Facts kept beside the complaints for fast reads: ``complaint_stages`` holds one row per complaint
and stage (due and done times beside the complaint's filter columns); ``sla_days`` and
``sla_intake_hours`` count those deadlines per due day; ``loyalty_months`` counts the monthly
snapshots per tier. All are filled here by ``db.facts`` from the stored rows (this step therefore
expects these tables as ``db.facts`` writes them: a later change to their columns migrates them
after this step). A partial index on the open stages serves the queues of now; a covering index
serves the volume figures in place of the one on (received_at, city_id), and others the survey,
contact and QA figures; the five per-stage due-time indexes on complaints are no longer read.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import facts

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

STAGES = ("ack", "verify", "resolve", "notify", "archive")
OPEN = sa.text("done_at IS NULL")
FACT_COLUMNS = ["received_at", "duplicate_of_id", "city_id", "team_id", "agent_id", "channel", "level", "category"]
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _key(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Integer() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False, autoincrement=False)


def _counts() -> list[sa.Column]:
    return [sa.Column("deadlines", sa.Integer(), nullable=False), sa.Column("met", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "complaint_stages",
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("complaint_id", Id, nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("ref_no", sa.String(length=24), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("handler_id", sa.Integer(), nullable=True),
        sa.Column("first_owner_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("duplicate_of_id", Id, nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_stages_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("due_at", "complaint_id", "stage", name=op.f("pk_complaint_stages")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_complaint_stages_complaint_id", "complaint_stages", ["complaint_id"])
    for column in ("agent_id", "team_id", "city_id"):
        op.create_index(f"ix_complaint_stages_{column[:-3]}_due", "complaint_stages", [column, "due_at"])
    op.create_index(
        "ix_complaint_stages_open_due", "complaint_stages", ["due_at"], sqlite_where=OPEN, postgresql_where=OPEN
    )
    sla_days = ("day", "stage", "level", "channel", "city_id", "team_id")
    op.create_table(
        "sla_days",
        _key("day"),
        _key("stage", 12),
        _key("level", 4),
        _key("channel", 16),
        _key("city_id"),
        _key("team_id"),
        *_counts(),
        sa.PrimaryKeyConstraint(*sla_days, name=op.f("pk_sla_days")),
    )
    intake_hours = ("day", "weekday", "hour", "level", "channel")
    op.create_table(
        "sla_intake_hours",
        _key("day"),
        _key("weekday"),
        _key("hour"),
        _key("level", 4),
        _key("channel", 16),
        *_counts(),
        sa.PrimaryKeyConstraint(*intake_hours, name=op.f("pk_sla_intake_hours")),
    )
    op.create_table(
        "loyalty_months",
        sa.Column("month", sa.Date(), nullable=False),
        _key("city_id"),
        _key("tier", 12),
        _key("segment", 12),
        _key("next_tier", 12),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("debt", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("repaid", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.PrimaryKeyConstraint("month", "city_id", "tier", "segment", "next_tier", name=op.f("pk_loyalty_months")),
    )
    connection = op.get_bind()
    facts.rebuild(connection, rollups=("sla_days", "sla_intake_hours"))
    facts.rebuild_loyalty(connection)
    for stage in STAGES:
        op.drop_index(f"ix_complaints_{stage}_due_at", table_name="complaints")
    op.drop_index("ix_complaints_received_city", table_name="complaints")
    op.create_index("ix_complaints_received_facts", "complaints", FACT_COLUMNS)
    op.drop_index("ix_contact_logs_at", table_name="contact_logs")
    op.create_index("ix_contact_logs_at_agent", "contact_logs", ["at", "agent_id"])
    op.drop_index("ix_satisfaction_surveys_at_agent", table_name="satisfaction_surveys")
    op.create_index("ix_satisfaction_surveys_at_agent_score", "satisfaction_surveys", ["at", "agent_id", "score"])
    op.create_index("ix_qa_reviews_call_at_agent_violation", "qa_reviews", ["call_at", "agent_id", "violation_type"])
    # Planner statistics for the new tables: without them SQLite may walk a city's deadlines to find
    # the few open ones instead of using the open-stage index.
    for table in ("complaint_stages", "sla_days", "sla_intake_hours", "loyalty_months", "complaints", "contact_logs"):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    # Every table here is counted from other tables: dropping them loses nothing.
    op.drop_index("ix_qa_reviews_call_at_agent_violation", table_name="qa_reviews")
    op.drop_index("ix_satisfaction_surveys_at_agent_score", table_name="satisfaction_surveys")
    op.create_index("ix_satisfaction_surveys_at_agent", "satisfaction_surveys", ["at", "agent_id"])
    op.drop_index("ix_contact_logs_at_agent", table_name="contact_logs")
    op.create_index("ix_contact_logs_at", "contact_logs", ["at"])
    op.drop_index("ix_complaints_received_facts", table_name="complaints")
    op.create_index("ix_complaints_received_city", "complaints", ["received_at", "city_id"])
    for stage in STAGES:
        op.create_index(f"ix_complaints_{stage}_due_at", "complaints", [f"{stage}_due_at"])
    for table in ("loyalty_months", "sla_intake_hours", "sla_days", "complaint_stages"):
        op.drop_table(table)
