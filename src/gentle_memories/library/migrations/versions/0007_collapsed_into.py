"""The shot each near-identical copy collapses into, and days ranked again by the new rule.

Earlier versions collapsed look-alike photos taken hours apart, and a copy's words were
lost from what a memory showed. Every day that holds a copy loses its ranks here, so the
next import ranks it again (until then `today` collapses it as it reads it).

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("collapsed_into", sa.String))
    op.create_index("ix_items_collapsed_into", "items", ["collapsed_into"])
    op.execute(
        "UPDATE items SET day_rank = NULL"
        " WHERE local_date IN (SELECT local_date FROM items WHERE day_rank = 0)"
    )


def downgrade() -> None:
    op.drop_index("ix_items_collapsed_into", "items")
    op.drop_column("items", "collapsed_into")
