"""Items whose words the care model has not read yet, so a text refresh reads only those.

An upgraded library has no record of which model read its texts (the household setting
text_signals.MODEL_SETTING), so its first refresh reads every item once, from the
verdict cache where it can, and marks nothing here.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "words_unread",
        sa.Column("item_id", sa.String, sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("token", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("words_unread")
