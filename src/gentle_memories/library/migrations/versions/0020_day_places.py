"""Where the household's photos of each day were taken, a row a day: trips read these
rows, not every item, and an import reads again only the days it changed.

Revision ID: 0020
Revises: 0019
"""

import json
from collections import Counter, defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "day_places",
        sa.Column("local_date", sa.Date, primary_key=True),
        sa.Column("item_count", sa.Integer, nullable=False),
        sa.Column("points", sa.Text, nullable=False),
        sa.Column("stale", sa.Boolean, nullable=False),
    )
    conn = op.get_bind()
    items: Counter = Counter()
    points: dict = defaultdict(Counter)
    dated = conn.execute(
        sa.text(
            "SELECT local_date, lat, lon FROM items WHERE taken_at IS NOT NULL"
            " AND date_confidence != 'file_time' AND owner_id IS NULL"
        )
    )
    while batch := dated.fetchmany(BATCH):
        for on, lat, lon in batch:
            items[on] += 1
            if lat is not None and lon is not None:
                points[on][round(lat, 2), round(lon, 2)] += 1
    rows = [
        {
            "local_date": on,
            "item_count": n,
            "points": json.dumps([[*p, k] for p, k in sorted(points[on].items())]),
        }
        for on, n in items.items()
    ]
    insert = sa.text(
        "INSERT INTO day_places (local_date, item_count, points, stale)"
        " VALUES (:local_date, :item_count, :points, FALSE)"
    )
    for start in range(0, len(rows), BATCH):
        conn.execute(insert, rows[start : start + BATCH])


def downgrade() -> None:
    op.drop_table("day_places")
