"""Initial schema: the whole domain.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:12:39.984399
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.guard import refuse_data_loss

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.Column("province", sa.String(length=40), nullable=False),
        sa.Column("province_en", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cities")),
        sa.UniqueConstraint("name", name=op.f("uq_cities_name")),
    )
    op.create_table(
        "holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holidays")),
    )
    op.create_table(
        "sla_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("anchor", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policy")),
        sa.UniqueConstraint("stage", "level", "channel", name=op.f("uq_sla_policy_stage")),
    )
    op.create_table(
        "warning_weights",
        sa.Column("factor", sa.String(length=24), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("factor", name=op.f("pk_warning_weights")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("debt_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("overdue_days", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=8), nullable=False),
        sa.Column("historical_repayment_rate", sa.Float(), nullable=False),
        sa.Column("loyalty_tier", sa.String(length=12), nullable=False),
        sa.Column("income_stability", sa.Float(), nullable=False),
        sa.Column("debt_ratio", sa.Float(), nullable=False),
        sa.Column("overdue_count", sa.Integer(), nullable=False),
        sa.Column("cooperation", sa.Float(), nullable=False),
        sa.Column("first_loan_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("cumulative_repaid", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.Column("ability_score", sa.Float(), nullable=False),
        sa.Column("willingness_score", sa.Float(), nullable=False),
        sa.Column("value_score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_customers_city_id_cities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("code", name=op.f("uq_customers_code")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_bucket"), ["bucket"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_loyalty_tier"), ["loyalty_tier"], unique=False)

    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_teams_city_id_cities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_city_id"), ["city_id"], unique=False)

    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("hired_on", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_agents_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("code", name=op.f("uq_agents_code")),
    )
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agents_team_id"), ["team_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_users_city_id_cities")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_users_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "committee_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("random_seed", sa.BigInteger(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("drawn_by", sa.Integer(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("idempotency_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["drawn_by"], ["users.id"], name=op.f("fk_committee_samples_drawn_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_samples")),
        sa.UniqueConstraint("idempotency_token", name=op.f("uq_committee_samples_idempotency_token")),
    )
    op.create_table(
        "complaints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("ref_no", sa.String(length=24), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("handler_id", sa.Integer(), nullable=True),
        sa.Column("first_owner_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("ack_due_at", sa.DateTime(), nullable=False),
        sa.Column("ack_at", sa.DateTime(), nullable=True),
        sa.Column("verify_due_at", sa.DateTime(), nullable=False),
        sa.Column("verify_at", sa.DateTime(), nullable=True),
        sa.Column("resolve_due_at", sa.DateTime(), nullable=False),
        sa.Column("resolve_at", sa.DateTime(), nullable=True),
        sa.Column("notify_due_at", sa.DateTime(), nullable=False),
        sa.Column("notify_at", sa.DateTime(), nullable=True),
        sa.Column("archive_due_at", sa.DateTime(), nullable=False),
        sa.Column("archive_at", sa.DateTime(), nullable=True),
        sa.Column("duplicate_of_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("satisfaction_score", sa.SmallInteger(), nullable=True),
        sa.Column("exec_reported", sa.Boolean(), nullable=False),
        sa.Column("level_override_reason", sa.String(length=200), nullable=True),
        sa.Column("idempotency_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_complaints_agent_id_agents")),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_complaints_city_id_cities")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_complaints_customer_id_customers")),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["complaints.id"], name=op.f("fk_complaints_duplicate_of_id_complaints")
        ),
        sa.ForeignKeyConstraint(["first_owner_id"], ["users.id"], name=op.f("fk_complaints_first_owner_id_users")),
        sa.ForeignKeyConstraint(["handler_id"], ["users.id"], name=op.f("fk_complaints_handler_id_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_complaints_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("idempotency_token", name=op.f("uq_complaints_idempotency_token")),
        sa.UniqueConstraint("ref_no", name=op.f("uq_complaints_ref_no")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaints_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index("ix_complaints_city_received", ["city_id", "received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_duplicate_of_id"), ["duplicate_of_id"], unique=False)
        batch_op.create_index("ix_complaints_level_received", ["level", "received_at"], unique=False)
        batch_op.create_index("ix_complaints_received_city", ["received_at", "city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_status"), ["status"], unique=False)
        batch_op.create_index("ix_complaints_team_received", ["team_id", "received_at"], unique=False)

    op.create_table(
        "contact_logs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("connected", sa.Boolean(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_contact_logs_agent_id_agents")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_contact_logs_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_logs")),
    )
    with op.batch_alter_table("contact_logs", schema=None) as batch_op:
        batch_op.create_index("ix_contact_logs_agent_at", ["agent_id", "at"], unique=False)
        batch_op.create_index("ix_contact_logs_at", ["at"], unique=False)

    op.create_table(
        "early_warnings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("ref_no", sa.String(length=24), nullable=False),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("customer_name", sa.String(length=40), nullable=False),
        sa.Column("contact", sa.String(length=20), nullable=False),
        sa.Column("debt_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("overdue_days", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=False),
        sa.Column("risk_level", sa.String(length=8), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("complaint_history", sa.Integer(), nullable=False),
        sa.Column("attitude", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("head_id", sa.Integer(), nullable=True),
        sa.Column("head_comment", sa.Text(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("handling_team_id", sa.Integer(), nullable=True),
        sa.Column("plan", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=True),
        sa.Column("idempotency_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_early_warnings_city_id_cities")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_early_warnings_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["handling_team_id"], ["teams.id"], name=op.f("fk_early_warnings_handling_team_id_teams")
        ),
        sa.ForeignKeyConstraint(["head_id"], ["users.id"], name=op.f("fk_early_warnings_head_id_users")),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"], name=op.f("fk_early_warnings_reporter_id_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_early_warnings_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_early_warnings")),
        sa.UniqueConstraint("idempotency_token", name=op.f("uq_early_warnings_idempotency_token")),
        sa.UniqueConstraint("ref_no", name=op.f("uq_early_warnings_ref_no")),
    )
    with op.batch_alter_table("early_warnings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_early_warnings_reported_at"), ["reported_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_early_warnings_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_early_warnings_team_id"), ["team_id"], unique=False)

    op.create_table(
        "qa_reviews",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("call_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("violation_type", sa.String(length=20), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_qa_reviews_agent_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_reviews")),
    )
    with op.batch_alter_table("qa_reviews", schema=None) as batch_op:
        batch_op.create_index("ix_qa_reviews_agent_call_at", ["agent_id", "call_at"], unique=False)

    op.create_table(
        "complaint_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_complaint_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_events_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_events")),
    )
    with op.batch_alter_table("complaint_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_events_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "sample_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("stratum", sa.String(length=40), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("timeliness", sa.SmallInteger(), nullable=True),
        sa.Column("accuracy", sa.SmallInteger(), nullable=True),
        sa.Column("attitude", sa.SmallInteger(), nullable=True),
        sa.Column("resolution", sa.SmallInteger(), nullable=True),
        sa.Column("compliance", sa.SmallInteger(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_sample_items_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_sample_items_reviewer_id_users")),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["committee_samples.id"],
            name=op.f("fk_sample_items_sample_id_committee_samples"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_items")),
        sa.UniqueConstraint("sample_id", "complaint_id", name=op.f("uq_sample_items_sample_id")),
    )
    with op.batch_alter_table("sample_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sample_items_complaint_id"), ["complaint_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sample_items_sample_id"), ["sample_id"], unique=False)

    op.create_table(
        "satisfaction_surveys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_satisfaction_surveys_agent_id_agents")),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_satisfaction_surveys_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_satisfaction_surveys_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_surveys")),
    )
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.create_index("ix_satisfaction_surveys_at_agent", ["at", "agent_id"], unique=False)

    op.create_table(
        "warning_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("warning_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_warning_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["early_warnings.id"],
            name=op.f("fk_warning_events_warning_id_early_warnings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_events")),
    )
    with op.batch_alter_table("warning_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warning_events_warning_id"), ["warning_id"], unique=False)

    op.create_table(
        "improvement_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("issue", sa.Text(), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("owner", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("evidence", sa.String(length=200), nullable=True),
        sa.Column("sample_item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("idempotency_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_improvement_items_created_by_users")),
        sa.ForeignKeyConstraint(
            ["sample_item_id"], ["sample_items.id"], name=op.f("fk_improvement_items_sample_item_id_sample_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_items")),
        sa.UniqueConstraint("idempotency_token", name=op.f("uq_improvement_items_idempotency_token")),
        sa.UniqueConstraint("sample_item_id", name=op.f("uq_improvement_items_sample_item_id")),
    )
    with op.batch_alter_table("improvement_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_items_month"), ["month"], unique=False)


def downgrade() -> None:
    refuse_data_loss(
        revision,
        [
            "improvement_items",
            "warning_events",
            "satisfaction_surveys",
            "sample_items",
            "complaint_events",
            "qa_reviews",
            "early_warnings",
            "contact_logs",
            "complaints",
            "committee_samples",
            "audit_log",
            "users",
            "agents",
            "teams",
            "customers",
            "warning_weights",
            "sla_policy",
            "holidays",
            "cities",
        ],
    )
    with op.batch_alter_table("improvement_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_items_month"))

    op.drop_table("improvement_items")
    with op.batch_alter_table("warning_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warning_events_warning_id"))

    op.drop_table("warning_events")
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.drop_index("ix_satisfaction_surveys_at_agent")

    op.drop_table("satisfaction_surveys")
    with op.batch_alter_table("sample_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sample_items_sample_id"))
        batch_op.drop_index(batch_op.f("ix_sample_items_complaint_id"))

    op.drop_table("sample_items")
    with op.batch_alter_table("complaint_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_events_complaint_id"))

    op.drop_table("complaint_events")
    with op.batch_alter_table("qa_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_qa_reviews_agent_call_at")

    op.drop_table("qa_reviews")
    with op.batch_alter_table("early_warnings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_early_warnings_team_id"))
        batch_op.drop_index(batch_op.f("ix_early_warnings_status"))
        batch_op.drop_index(batch_op.f("ix_early_warnings_reported_at"))

    op.drop_table("early_warnings")
    with op.batch_alter_table("contact_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_logs_at")
        batch_op.drop_index("ix_contact_logs_agent_at")

    op.drop_table("contact_logs")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_team_received")
        batch_op.drop_index(batch_op.f("ix_complaints_status"))
        batch_op.drop_index("ix_complaints_received_city")
        batch_op.drop_index("ix_complaints_level_received")
        batch_op.drop_index(batch_op.f("ix_complaints_duplicate_of_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_customer_id"))
        batch_op.drop_index("ix_complaints_city_received")
        batch_op.drop_index(batch_op.f("ix_complaints_agent_id"))

    op.drop_table("complaints")
    op.drop_table("committee_samples")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_role"))

    op.drop_table("users")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agents_team_id"))

    op.drop_table("agents")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_city_id"))

    op.drop_table("teams")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_loyalty_tier"))
        batch_op.drop_index(batch_op.f("ix_customers_city_id"))
        batch_op.drop_index(batch_op.f("ix_customers_bucket"))

    op.drop_table("customers")
    op.drop_table("warning_weights")
    op.drop_table("sla_policy")
    op.drop_table("holidays")
    op.drop_table("cities")
