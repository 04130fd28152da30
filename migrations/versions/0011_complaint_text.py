"""What complaint texts say: ``complaint_text`` (the category the text reads as, urgency and its
theme, the search tokens of the description and handling notes) and ``complaint_keywords``, both
computed by ``db.text_index`` from the stored rows; and the full-text index over the tokens (SQLite:
FTS5 table ``complaint_search`` kept in step by triggers; PostgreSQL: GIN over their tsvector).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import text_index

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "complaint_text",
        sa.Column("complaint_id", Id, autoincrement=False, nullable=False),
        sa.Column("category", sa.String(length=24), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("theme", sa.String(length=16), nullable=True),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_text_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaint_text")),
    )
    op.create_table(
        "complaint_keywords",
        sa.Column("complaint_id", Id, autoincrement=False, nullable=False),
        sa.Column("keyword", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_keywords_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("complaint_id", "keyword", name=op.f("pk_complaint_keywords")),
        sqlite_with_rowid=False,
    )
    connection = op.get_bind()
    text_index.create_search_index(connection)
    text_index.rebuild(connection)
    op.execute("ANALYZE complaint_text")
    op.execute("ANALYZE complaint_keywords")


def downgrade() -> None:
    # Everything here is computed from the complaints: dropping it loses nothing.
    text_index.drop_search_index(op.get_bind())
    op.drop_table("complaint_keywords")
    op.drop_table("complaint_text")
