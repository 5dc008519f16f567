"""Items that have signals say so in the indexes `today` reads, so that it looks up the
signals of the few items that have any, not of every item of a month-day or an event.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

DAY_INDEX = ("month_day", "local_date", "day_rank", "offered", "date_confidence", "kind")
DAY_INDEX += ("owner_id", "event_id", "id", "has_signals")
EVENT_INDEX = ("event_id", "id", "has_signals")


def upgrade() -> None:
    op.add_column(
        "items", sa.Column("has_signals", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.execute("UPDATE items SET has_signals = TRUE WHERE id IN (SELECT item_id FROM signals)")
    op.drop_index("ix_items_day", "items")
    op.create_index("ix_items_day", "items", DAY_INDEX)
    op.drop_index("ix_items_event", "items")
    op.create_index("ix_items_event", "items", EVENT_INDEX)


def downgrade() -> None:
    op.drop_index("ix_items_event", "items")
    op.create_index("ix_items_event", "items", ["event_id", "id"])
    op.drop_index("ix_items_day", "items")
    op.create_index("ix_items_day", "items", DAY_INDEX[:-1])
    op.drop_column("items", "has_signals")
