"""Private sources: items only one user's own imports found, which no other user reads.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

DAY_INDEX = ("month_day", "local_date", "day_rank", "offered", "date_confidence", "kind")
DAY_INDEX += ("owner_id", "event_id", "id")


def upgrade() -> None:
    op.add_column("items", sa.Column("owner_id", sa.Integer, nullable=True))
    op.add_column("import_runs", sa.Column("owner_id", sa.Integer, nullable=True))
    op.drop_index("ix_items_day", "items")
    op.create_index("ix_items_day", "items", DAY_INDEX)


def downgrade() -> None:
    raise NotImplementedError("private sources are not taken back to shared ones")
