"""Dates and times in the database's own types, and people kept once.

taken_at held ISO text, some with a UTC offset and some without, so comparing it or a date
column meant comparing text. Now taken_at is the local clock time (a DateTime), its offset
is kept beside it (utc_offset, seconds), dates are Dates, and an item's people live only
in item_people, in the order their source gave them.

Revision ID: 0012
Revises: 0011
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DATES = {
    "items": ("local_date",),
    "people_seen": ("first",),
    "trips": ("start", "end"),
    "scene_matches": ("local_date",),
    "rules": ("date_from", "date_to", "until"),
    "notification_claims": ("day",),
    "notification_log": ("day",),
}
TIMES = {"events": ("start", "end"), "notification_claims": ("claimed_at",)}
"""Times without a zone: an event's bounds (UTC where known), and when a claim was made (UTC)."""
BATCH = 10_000


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("items", sa.Column("utc_offset", sa.Integer, nullable=True))
    if conn.dialect.name == "postgresql":
        _typed_on_postgresql()
    else:
        _typed_on_sqlite(conn)
    op.add_column(
        "item_people", sa.Column("position", sa.Integer, nullable=False, server_default="0")
    )
    _people_in_order(conn)
    op.execute("ALTER TABLE items DROP COLUMN people")


def _typed_on_postgresql() -> None:
    """The server parses its own text: a timestamp without zone ignores the offset written
    after it, which is then read on its own."""
    op.add_column("items", sa.Column("taken_local", sa.DateTime, nullable=True))
    op.execute(
        "UPDATE items SET taken_local = taken_at::timestamp,"
        " utc_offset = CASE WHEN taken_at ~ '[+-][0-9][0-9]:[0-9][0-9](:[0-9.]+)?$'"
        " THEN EXTRACT(EPOCH FROM taken_at::timestamp"
        " - (taken_at::timestamptz AT TIME ZONE 'UTC'))::integer END"
        " WHERE taken_at IS NOT NULL"
    )
    op.drop_index("ix_items_taken_at", "items")
    op.drop_column("items", "taken_at")
    op.alter_column("items", "taken_local", new_column_name="taken_at")
    op.create_index("ix_items_taken_at", "items", ["taken_at"])
    for table, columns in TIMES.items():
        for column in columns:
            op.execute(
                f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE timestamp'
                f" USING (\"{column}\"::timestamptz AT TIME ZONE 'UTC')"
                if column == "claimed_at"
                else f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE timestamp'
                f' USING "{column}"::timestamp'
            )
    for table, columns in DATES.items():
        for column in columns:
            op.execute(
                f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE date USING "{column}"::date'
            )


def _typed_on_sqlite(conn) -> None:
    """SQLite keeps a date as the same ISO text, but a time as "YYYY-MM-DD HH:MM:SS.ffffff"
    with no offset: every time is written again in that form."""
    rows = conn.execute(sa.text("SELECT id, taken_at FROM items WHERE taken_at IS NOT NULL"))
    told = []
    for item_id, written in rows.fetchall():
        at = datetime.fromisoformat(written)
        offset = at.utcoffset()
        told.append(
            {
                "b_id": item_id,
                "at": _sqlite_time(at.replace(tzinfo=None)),
                "offset": None if offset is None else int(offset.total_seconds()),
            }
        )
    update = sa.text("UPDATE items SET taken_at = :at, utc_offset = :offset WHERE id = :b_id")
    for start in range(0, len(told), BATCH):
        conn.execute(update, told[start : start + BATCH])
    for table, columns in TIMES.items():
        for column in columns:
            written = conn.execute(sa.text(f'SELECT rowid, "{column}" FROM {table}')).fetchall()
            if written:
                conn.execute(
                    sa.text(f'UPDATE {table} SET "{column}" = :at WHERE rowid = :b_row'),
                    [{"b_row": row, "at": _sqlite_time(at)} for row, at in written],
                )


def _sqlite_time(at: datetime | str) -> str:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(sep=" ", timespec="microseconds")


def _people_in_order(conn) -> None:
    named = conn.execute(sa.text("SELECT id, people FROM items WHERE people != '[]'")).fetchall()
    rows = [
        {"item_id": item_id, "name": name, "position": n}
        for item_id, people in named
        for n, name in enumerate(dict.fromkeys(json.loads(people)))
    ]
    if named:
        forget = sa.text("DELETE FROM item_people WHERE item_id = :item_id")
        conn.execute(forget, [{"item_id": item_id} for item_id, _ in named])
    insert = sa.text(
        "INSERT INTO item_people (item_id, name, position) VALUES (:item_id, :name, :position)"
    )
    for start in range(0, len(rows), BATCH):
        conn.execute(insert, rows[start : start + BATCH])


def downgrade() -> None:
    raise NotImplementedError("typed dates are not taken back to text")
