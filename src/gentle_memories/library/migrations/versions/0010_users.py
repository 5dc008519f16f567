"""Users: a household's people who sign in, each with their own rules, settings and
notifications. A library from before becomes its first user's, with nothing lost.

Revision ID: 0010
Revises: 0009
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

FIRST = "me"
PER_USER = ("offer_items_dated_by_file_time", "notify_schedule", "notify_retry_delays")


def upgrade() -> None:
    users = op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False, unique=True),
        sa.Column("password", sa.String, nullable=False, server_default=""),
        sa.Column("admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.String, nullable=False),
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    op.bulk_insert(
        users, [{"id": 1, "name": FIRST, "password": "", "admin": True, "created_at": now}]
    )
    if op.get_bind().dialect.name == "postgresql":  # the next user's id follows the first's
        op.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), 1)")
    with op.batch_alter_table("rules") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer, nullable=False, server_default="1"))
        batch.create_index("ix_rules_user", ["user_id"])
        batch.create_foreign_key("fk_rules_user", "users", ["user_id"], ["id"])
    op.create_table(
        "user_settings",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    keys = ", ".join(f"'{k}'" for k in PER_USER)
    op.execute(
        f"INSERT INTO user_settings (user_id, key, value) SELECT 1, key, value FROM settings"
        f" WHERE key IN ({keys})"
    )
    op.execute(f"DELETE FROM settings WHERE key IN ({keys})")
    op.create_table(
        "notification_claims",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("day", sa.String, primary_key=True),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("claimed_at", sa.String, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
    )
    op.execute(
        "INSERT INTO notification_claims (user_id, day, state, claimed_at, attempts)"
        " SELECT 1, day, state, claimed_at, attempts FROM notification_days"
    )
    op.drop_table("notification_days")
    with op.batch_alter_table("notification_log") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    raise NotImplementedError("a library with users is not taken back to one person's")
