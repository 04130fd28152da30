"""Data scope: the cities a manager is limited to (a user may have several), in ``user_cities``.

A manager's ``users.city_id`` becomes their first scope city, so a store upgraded from 0004 keeps
limiting the managers it limited; ``users.city_id`` stays as the home city. The downgrade drops the
table and refuses while it holds rows (they would be lost), unless allowed.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.guard import refuse_data_loss

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_cities",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_cities_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_user_cities_city_id_cities")),
        sa.PrimaryKeyConstraint("user_id", "city_id", name=op.f("pk_user_cities")),
    )
    op.create_index(op.f("ix_user_cities_city_id"), "user_cities", ["city_id"], unique=False)
    op.execute(
        "INSERT INTO user_cities (user_id, city_id) "
        "SELECT id, city_id FROM users WHERE role = 'manager' AND city_id IS NOT NULL"
    )


def downgrade() -> None:
    refuse_data_loss(revision, ["user_cities"])
    op.drop_index(op.f("ix_user_cities_city_id"), table_name="user_cities")
    op.drop_table("user_cities")
