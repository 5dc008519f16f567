"""Items are found by their content hash through an index: each batch an import saves looks
up its hashes, and without one every lookup read every item of the library.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_content_hash", "items", ["content_hash"])


def downgrade() -> None:
    op.drop_index("ix_items_content_hash", "items")
