"""Conduct monitoring and regulator time limits: who each contact reached and how (existing contacts
read as calls to the debtor), the conduct rules with their shipped settings, the breaches each
monitoring run found and its watermark, the warning a breach raises (rule, day, agent; one per
debtor, rule and day), extensions of the regulator time limit, and admin settings kept as JSON.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from migrations.guard import DataLossRefused, data_loss_allowed, refuse_data_loss

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RULE_WHERE = sa.text("rule IS NOT NULL")
# Frozen copy of domain.conduct's shipped rules: code, risk weight, parameters.
RULE_ROWS = [
    ("night_contact", 0.6, {"start_hour": 22, "end_hour": 8}),
    ("daily_calls", 0.5, {"max_calls": 3}),
    ("third_party", 0.8, {}),
    ("weekly_contacts", 0.4, {"max_contacts": 10}),
    ("quick_repeat", 0.3, {"minutes": 10}),
]
rules = sa.table(
    "conduct_rules", sa.column("code"), sa.column("enabled"), sa.column("weight"), sa.column("params", sa.JSON())
)
# What the downgrade would lose: contacts that say more than "a call to the debtor", system-monitoring warnings.
LOST_COLUMNS = {
    "contact_logs.party/channel": "SELECT count(*) FROM contact_logs WHERE party <> 'debtor' OR channel <> 'call'",
    "early_warnings.rule": "SELECT count(*) FROM early_warnings WHERE rule IS NOT NULL",
    "conduct_rules (edited)": "SELECT count(*) FROM conduct_rules WHERE updated_at IS NOT NULL",
}


def upgrade() -> None:
    # Plain ALTER TABLE on both stores (SQLite 3.35+ drops columns too): no copy of millions of
    # contacts, and early_warnings is never dropped and rebuilt (which would cascade to its timeline).
    op.add_column("contact_logs", sa.Column("party", sa.String(length=20), server_default="debtor", nullable=False))
    op.add_column("contact_logs", sa.Column("channel", sa.String(length=8), server_default="call", nullable=False))
    op.create_index("ix_contact_logs_customer_at", "contact_logs", ["customer_id", "at"], unique=False)
    op.add_column("early_warnings", sa.Column("rule", sa.String(length=24), nullable=True))
    op.add_column("early_warnings", sa.Column("breach_day", sa.Date(), nullable=True))
    op.add_column("early_warnings", sa.Column("agent_id", sa.Integer(), nullable=True))
    op.create_index(
        "uq_early_warnings_rule_customer_day",
        "early_warnings",
        ["rule", "customer_id", "breach_day"],
        unique=True,
        sqlite_where=RULE_WHERE,
        postgresql_where=RULE_WHERE,
    )
    op.create_table(
        "conduct_rules",
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_conduct_rules_updated_by_users")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_conduct_rules")),
    )
    op.bulk_insert(rules, [{"code": c, "enabled": True, "weight": w, "params": p} for c, w, p in RULE_ROWS])
    op.create_table(
        "conduct_breaches",
        sa.Column("contact_id", BigId, nullable=False),
        sa.Column("rule", sa.String(length=24), nullable=False),
        sa.Column("customer_id", BigId, nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("warning_id", BigId, nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact_logs.id"],
            name=op.f("fk_conduct_breaches_contact_id_contact_logs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["early_warnings.id"],
            name=op.f("fk_conduct_breaches_warning_id_early_warnings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("contact_id", "rule", name=op.f("pk_conduct_breaches")),
    )
    op.create_index("ix_conduct_breaches_at_agent", "conduct_breaches", ["at", "agent_id"], unique=False)
    op.create_index(op.f("ix_conduct_breaches_warning_id"), "conduct_breaches", ["warning_id"], unique=False)
    op.create_table(
        "monitor_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("since", sa.DateTime(), nullable=True),
        sa.Column("last_contact_id", sa.BigInteger(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("breaches", sa.Integer(), nullable=False),
        sa.Column("warnings_created", sa.Integer(), nullable=False),
        sa.Column("warnings_updated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_monitor_runs_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_runs")),
    )
    op.create_table(
        "regulator_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", BigId, nullable=False),
        sa.Column("step", sa.SmallInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approver", sa.String(length=40), nullable=True),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("idempotency_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_regulator_extensions_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["granted_by"], ["users.id"], name=op.f("fk_regulator_extensions_granted_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regulator_extensions")),
        sa.UniqueConstraint("complaint_id", "step", name=op.f("uq_regulator_extensions_complaint_id")),
        sa.UniqueConstraint("idempotency_token", name=op.f("uq_regulator_extensions_idempotency_token")),
    )
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_app_settings_updated_by_users")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_settings")),
    )


def downgrade() -> None:
    refuse_data_loss(revision, ["app_settings", "regulator_extensions", "monitor_runs", "conduct_breaches"])
    if not context.is_offline_mode():
        bind = op.get_bind()
        lost = {name: int(bind.execute(sa.text(sql)).scalar() or 0) for name, sql in LOST_COLUMNS.items()}
        lost = {name: n for name, n in lost.items() if n}
        if lost and not data_loss_allowed():
            raise DataLossRefused(revision, dict(lost))
    op.drop_table("app_settings")
    op.drop_table("regulator_extensions")
    op.drop_table("monitor_runs")
    op.drop_index(op.f("ix_conduct_breaches_warning_id"), table_name="conduct_breaches")
    op.drop_index("ix_conduct_breaches_at_agent", table_name="conduct_breaches")
    op.drop_table("conduct_breaches")
    op.drop_table("conduct_rules")
    op.drop_index("uq_early_warnings_rule_customer_day", table_name="early_warnings")
    op.execute("DELETE FROM early_warnings WHERE rule IS NOT NULL")  # allowed above, or there were none
    for column in ("agent_id", "breach_day", "rule"):
        op.drop_column("early_warnings", column)
    op.drop_index("ix_contact_logs_customer_at", table_name="contact_logs")
    op.drop_column("contact_logs", "channel")
    op.drop_column("contact_logs", "party")
