"""Complaint imports: where an imported complaint came from (source system and its id there, unique
together so a file imported twice adds nothing) and the saved import mappings.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from migrations.guard import DataLossRefused, data_loss_allowed, refuse_data_loss

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHERE = sa.text("external_id IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("external_id", sa.String(length=64), nullable=True))
    op.create_index(
        "uq_complaints_source_external_id",
        "complaints",
        ["source", "external_id"],
        unique=True,
        sqlite_where=WHERE,
        postgresql_where=WHERE,
    )
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_import_mappings_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("name", name=op.f("uq_import_mappings_name")),
    )


def downgrade() -> None:
    refuse_data_loss(revision, ["import_mappings"])
    if not context.is_offline_mode():
        imported = op.get_bind().execute(sa.text("SELECT count(*) FROM complaints WHERE source IS NOT NULL")).scalar()
        if imported and not data_loss_allowed():
            raise DataLossRefused(revision, {"complaints.source": int(imported)})
    op.drop_table("import_mappings")
    op.drop_index("uq_complaints_source_external_id", table_name="complaints")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("external_id")
        batch_op.drop_column("source")
