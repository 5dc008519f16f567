"""Notifications: the per-day claim and the log of sent, withheld and failed notifications.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_days",
        sa.Column("day", sa.String, primary_key=True),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("claimed_at", sa.String, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
    )
    op.create_table(
        "notification_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.String, nullable=False),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_notification_log_day", "notification_log", ["day"])


def downgrade() -> None:
    op.drop_index("ix_notification_log_day", "notification_log")
    op.drop_table("notification_log")
    op.drop_table("notification_days")
