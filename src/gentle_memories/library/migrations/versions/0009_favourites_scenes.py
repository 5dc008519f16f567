"""Favourites, and the scenes a photo server's image search found in the pictures.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "items", sa.Column("favourite", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_table(
        "scene_matches",
        sa.Column("item_id", sa.String, sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("scene", sa.String, primary_key=True),
        sa.Column("local_date", sa.String, nullable=False),
    )
    op.create_index("ix_scene_matches_date", "scene_matches", ["local_date"])


def downgrade() -> None:
    op.drop_index("ix_scene_matches_date", "scene_matches")
    op.drop_table("scene_matches")
    op.drop_column("items", "favourite")
