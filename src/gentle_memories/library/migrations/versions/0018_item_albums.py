"""Which albums each item is in, also as rows indexed by album name: how long an album
lasts is read from its own items, not from a pass over every item of the library.

Revision ID: 0018
Revises: 0017
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "item_albums",
        sa.Column("item_id", sa.String, sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("name", sa.String, primary_key=True),
    )
    op.create_index("ix_item_albums_name", "item_albums", ["name"])
    conn = op.get_bind()
    listed = conn.execute(sa.text("SELECT id, albums FROM items WHERE albums != '[]'"))
    insert = sa.text("INSERT INTO item_albums (item_id, name) VALUES (:item_id, :name)")
    while batch := listed.fetchmany(BATCH):
        rows = [
            {"item_id": item_id, "name": name}
            for item_id, albums in batch
            for name in dict.fromkeys(json.loads(albums))
        ]
        if rows:
            conn.execute(insert, rows)


def downgrade() -> None:
    op.drop_table("item_albums")
