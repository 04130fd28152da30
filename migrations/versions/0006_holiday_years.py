"""The years whose official holiday schedule is in the store (``holiday_years``): every year
``chinese_calendar`` knows (0002 stored their rows), and later each year an admin enters.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from domain.calendar import statutory_rows
from migrations.guard import refuse_data_loss

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

years = sa.table("holiday_years", sa.column("year"), sa.column("source"), sa.column("saved_at"))


def upgrade() -> None:
    op.create_table(
        "holiday_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_years")),
    )
    known = sorted({day.year for day, _, _ in statutory_rows(range(2004, 2100))})
    op.bulk_insert(years, [{"year": y, "source": "statutory", "saved_at": None} for y in known])


def downgrade() -> None:
    # The statutory years come back with the upgrade; the years admins entered would be lost.
    op.execute(years.delete().where(years.c.source == "statutory"))
    refuse_data_loss(revision, ["holiday_years"])
    op.drop_table("holiday_years")
