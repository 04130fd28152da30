"""Reference data every store needs: seed-000 SLA targets, statutory holidays, warning weights.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from domain.calendar import statutory_rows
from migrations.guard import refuse_data_loss

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of the seed-000 targets at the time of this migration.
SLA_ROWS = [
    ("ack", None, None, 2, "hours", "received"),
    ("ack", None, "douyin", 1, "hours", "received"),
    ("ack", None, "weibo", 1, "hours", "received"),
    ("verify", None, None, 1, "business_days", "previous"),
    ("resolve", None, None, 3, "business_days", "received"),
    ("resolve", "L1", None, 24, "hours", "received"),
    ("resolve", "L3", None, 5, "business_days", "received"),
    ("notify", None, None, 24, "hours", "previous"),
    ("archive", None, None, 5, "business_days", "previous"),
]
# Seed 004: complaint history, overdue length, debt amount, communication attitude.
WEIGHT_ROWS = [("complaint_history", 0.35), ("overdue", 0.25), ("debt", 0.20), ("attitude", 0.20)]

sla = sa.table(
    "sla_policy",
    sa.column("stage"),
    sa.column("level"),
    sa.column("channel"),
    sa.column("amount"),
    sa.column("unit"),
    sa.column("anchor"),
)
holidays = sa.table("holidays", sa.column("day"), sa.column("is_workday"), sa.column("name"))
weights = sa.table("warning_weights", sa.column("factor"), sa.column("weight"))


def upgrade() -> None:
    op.bulk_insert(sla, [dict(zip(("stage", "level", "channel", "amount", "unit", "anchor"), r)) for r in SLA_ROWS])
    op.bulk_insert(weights, [{"factor": f, "weight": w} for f, w in WEIGHT_ROWS])
    op.bulk_insert(holidays, [{"day": d, "is_workday": w, "name": n} for d, w, n in statutory_rows(range(2004, 2100))])


def downgrade() -> None:
    # Every row goes, not only the ones inserted above: admins edit targets, weights and holidays.
    refuse_data_loss(revision, ["holidays", "warning_weights", "sla_policy"])
    op.execute(holidays.delete())
    op.execute(weights.delete())
    op.execute(sla.delete())
