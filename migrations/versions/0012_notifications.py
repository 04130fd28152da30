"""Notifications: the settings (the app's address for links, overdue and sign-off thresholds, the
weekly pack's time; one row with defaults), the channels (企业微信 / 钉钉 group robots and SMTP
mailboxes, naming their secrets, never holding them) and the outbox of messages to send.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.guard import refuse_data_loss

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    settings = op.create_table(
        "notify_settings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("base_url", sa.String(length=200), nullable=False),
        sa.Column("overdue_hours", sa.Integer(), nullable=False),
        sa.Column("signoff_days", sa.Integer(), nullable=False),
        sa.Column("weekly_time", sa.String(length=5), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_notify_settings_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_settings")),
    )
    op.bulk_insert(settings, [{"id": 1, "base_url": "", "overdue_hours": 4, "signoff_days": 2, "weekly_time": "09:00"}])
    op.create_table(
        "notify_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("secret_name", sa.String(length=40), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_notify_channels_team_id_teams")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_notify_channels_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_channels")),
        sa.UniqueConstraint("name", name=op.f("uq_notify_channels_name")),
    )
    op.create_table(
        "notify_outbox",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("event_key", sa.String(length=120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["notify_channels.id"], name=op.f("fk_notify_outbox_channel_id_notify_channels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_outbox")),
        sa.UniqueConstraint("event_key", "channel_id", name=op.f("uq_notify_outbox_event_key")),
    )
    op.create_index(op.f("ix_notify_outbox_created_at"), "notify_outbox", ["created_at"], unique=False)
    op.create_index("ix_notify_outbox_status_next", "notify_outbox", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    refuse_data_loss(revision, ["notify_outbox", "notify_channels"])
    op.drop_index("ix_notify_outbox_status_next", table_name="notify_outbox")
    op.drop_index(op.f("ix_notify_outbox_created_at"), table_name="notify_outbox")
    op.drop_table("notify_outbox")
    op.drop_table("notify_channels")
    op.drop_table("notify_settings")
