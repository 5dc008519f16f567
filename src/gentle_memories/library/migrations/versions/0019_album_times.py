"""Each album row also holds its item's owner and dated time, indexed after the album's
name: how long an album lasts is then read from the two ends of its index entries, where
an album that held most of the library (a phone's one camera folder) was read item by item
on every import.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("item_albums", sa.Column("owner_id", sa.Integer))
    op.add_column("item_albums", sa.Column("dated_at", sa.DateTime))
    op.execute(
        "UPDATE item_albums SET"
        " owner_id = (SELECT owner_id FROM items WHERE items.id = item_albums.item_id),"
        " dated_at = (SELECT CASE WHEN date_confidence != 'file_time' THEN taken_at END"
        " FROM items WHERE items.id = item_albums.item_id)"
    )
    op.drop_index("ix_item_albums_name", "item_albums")
    op.create_index("ix_item_albums_span", "item_albums", ["name", "owner_id", "dated_at"])


def downgrade() -> None:
    op.drop_index("ix_item_albums_span", "item_albums")
    op.create_index("ix_item_albums_name", "item_albums", ["name"])
    op.drop_column("item_albums", "dated_at")
    op.drop_column("item_albums", "owner_id")
