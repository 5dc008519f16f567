"""The items understanding has not settled yet (no day rank) are found through a partial
index, which holds only them: every import asks for them, and without one each ask read
every item (or every person named) of the library.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

UNSETTLED = sa.text("day_rank IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_items_unsettled", "items", ["id"], sqlite_where=UNSETTLED, postgresql_where=UNSETTLED
    )


def downgrade() -> None:
    op.drop_index("ix_items_unsettled", "items")
