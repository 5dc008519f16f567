"""Trips: days away from home, so that a trip comes back once, on its anniversary.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trips",
        sa.Column("start", sa.String, primary_key=True),
        sa.Column("end", sa.String, nullable=False),
        sa.Column("month_day", sa.String, nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("item_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_trips_month_day", "trips", ["month_day"])


def downgrade() -> None:
    op.drop_index("ix_trips_month_day", "trips")
    op.drop_table("trips")
