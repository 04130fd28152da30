"""Closing the loop with the complainant: how each case was resolved (the reply sent and the outcome
kinds with their amounts), failed progress lookups for the lockout, and the follow-up survey of a
case (a comment, who entered it, at most one per case, and no agent needed when the case names none).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from migrations.guard import DataLossRefused, data_loss_allowed, refuse_data_loss

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CASE_SURVEYS = "source IS NOT NULL OR comment IS NOT NULL OR agent_id IS NULL"


def upgrade() -> None:
    op.create_table(
        "complaint_resolutions",
        sa.Column("complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_resolutions_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name=op.f("fk_complaint_resolutions_recorded_by_users")),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaint_resolutions")),
    )
    op.create_index(
        op.f("ix_complaint_resolutions_recorded_at"), "complaint_resolutions", ["recorded_at"], unique=False
    )
    op.create_table(
        "complaint_outcomes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint_resolutions.complaint_id"],
            name=op.f("fk_complaint_outcomes_complaint_id_complaint_resolutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_outcomes")),
        sa.UniqueConstraint("complaint_id", "kind", name=op.f("uq_complaint_outcomes_complaint_id")),
    )
    op.create_index(op.f("ix_complaint_outcomes_complaint_id"), "complaint_outcomes", ["complaint_id"], unique=False)
    op.create_table(
        "lookup_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ref_key", sa.String(length=24), nullable=False),
        sa.Column("client_key", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lookup_failures")),
    )
    op.create_index(op.f("ix_lookup_failures_at"), "lookup_failures", ["at"], unique=False)
    op.create_index("ix_lookup_failures_ref_key_at", "lookup_failures", ["ref_key", "at"], unique=False)
    op.create_index("ix_lookup_failures_client_key_at", "lookup_failures", ["client_key", "at"], unique=False)

    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=16), nullable=True))
        batch_op.alter_column("agent_id", existing_type=sa.Integer(), nullable=True)
    # Before this revision nothing wrote a survey that names a case, so no case has two.
    op.create_index("uq_satisfaction_surveys_complaint_id", "satisfaction_surveys", ["complaint_id"], unique=True)


def downgrade() -> None:
    refuse_data_loss(revision, ["complaint_outcomes", "complaint_resolutions", "lookup_failures"])
    if not context.is_offline_mode():
        case_surveys = op.get_bind().execute(sa.text(f"SELECT count(*) FROM satisfaction_surveys WHERE {CASE_SURVEYS}"))
        count = case_surveys.scalar()
        if count and not data_loss_allowed():
            raise DataLossRefused(revision, {"satisfaction_surveys": int(count)})
    op.drop_index("uq_satisfaction_surveys_complaint_id", table_name="satisfaction_surveys")
    op.execute("DELETE FROM satisfaction_surveys WHERE agent_id IS NULL")  # the column is NOT NULL again
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.alter_column("agent_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("source")
        batch_op.drop_column("comment")
    op.drop_index("ix_lookup_failures_client_key_at", table_name="lookup_failures")
    op.drop_index("ix_lookup_failures_ref_key_at", table_name="lookup_failures")
    op.drop_index(op.f("ix_lookup_failures_at"), table_name="lookup_failures")
    op.drop_table("lookup_failures")
    op.drop_index(op.f("ix_complaint_outcomes_complaint_id"), table_name="complaint_outcomes")
    op.drop_table("complaint_outcomes")
    op.drop_index(op.f("ix_complaint_resolutions_recorded_at"), table_name="complaint_resolutions")
    op.drop_table("complaint_resolutions")
