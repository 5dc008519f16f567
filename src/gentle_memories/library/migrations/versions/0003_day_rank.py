"""Day ranks, and indexes that `today` can read alone at a million items.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DAY_INDEX = ["month_day", "local_date", "day_rank", "offered", "date_confidence", "kind"]
DAY_INDEX += ["event_id", "id"]


def upgrade() -> None:
    op.add_column("items", sa.Column("day_rank", sa.Integer))
    op.drop_index("ix_items_month_day", "items")
    op.create_index("ix_items_day", "items", DAY_INDEX)
    op.drop_index("ix_items_event", "items")
    op.create_index("ix_items_event", "items", ["event_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_items_day", "items")
    op.drop_index("ix_items_event", "items")
    op.create_index("ix_items_event", "items", ["event_id"])
    op.create_index("ix_items_month_day", "items", ["month_day", "local_date"])
    op.drop_column("items", "day_rank")
