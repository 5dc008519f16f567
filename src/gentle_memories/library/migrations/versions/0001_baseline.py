"""Baseline: the first schema.

A new library is made with metadata.create_all and stamped with the head revision
(Alembic's advice for new databases), so this revision has nothing to do; later
revisions carry the changes that existing libraries need.

Revision ID: 0001
Revises:
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
