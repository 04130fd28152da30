"""Monthly customer snapshots: tier, bucket, debt and 30-day repayment per customer and month.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.guard import refuse_data_loss

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_monthly",
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("loyalty_tier", sa.String(length=12), nullable=False),
        sa.Column("bucket", sa.String(length=8), nullable=False),
        sa.Column("overdue_days", sa.Integer(), nullable=False),
        sa.Column("debt_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("repaid_30d", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_monthly_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("customer_id", "month", name=op.f("pk_customer_monthly")),
    )
    with op.batch_alter_table("customer_monthly", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_monthly_month"), ["month"], unique=False)


def downgrade() -> None:
    refuse_data_loss(revision, ["customer_monthly"])
    with op.batch_alter_table("customer_monthly", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_monthly_month"))
    op.drop_table("customer_monthly")
