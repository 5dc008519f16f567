"""Clutter verdicts: why a screenshot, receipt or blurred shot is in no memory.

Photos imported before this revision were never judged, so their files are marked as
not yet read: the next import of their folder reads each photo once more and judges it.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("clutter", sa.Text, nullable=False, server_default=""))
    op.execute(
        "UPDATE files SET mtime_ns = -1"
        " WHERE item_id IN (SELECT id FROM items WHERE kind = 'photo')"
    )


def downgrade() -> None:
    op.drop_column("items", "clutter")
