"""People recounted: the names an item stopped naming, so an import counts again only the
people it touched (the names of the unsettled items and these), not everyone.

An upgraded library's people_seen is as its last count left it: nothing to mark here.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("people_recount", sa.Column("name", sa.String, primary_key=True))


def downgrade() -> None:
    op.drop_table("people_recount")
