"""People seen: who the photos name, since when, so `today` need not read every name.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people_seen",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("first", sa.String, nullable=False),
        sa.Column("month_day", sa.String, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("years", sa.Integer, nullable=False),
    )
    op.create_index("ix_people_seen_month_day", "people_seen", ["month_day"])
    op.execute(
        "INSERT INTO people_seen (name, first, month_day, items, years)"
        " SELECT p.name, min(i.local_date), substr(min(i.local_date), 6, 5), count(*),"
        " count(DISTINCT substr(i.local_date, 1, 4))"
        " FROM item_people p JOIN items i ON i.id = p.item_id"
        " WHERE i.local_date IS NOT NULL AND i.offered AND i.date_confidence != 'file_time'"
        " GROUP BY p.name"
    )


def downgrade() -> None:
    op.drop_index("ix_people_seen_month_day", "people_seen")
    op.drop_table("people_seen")
