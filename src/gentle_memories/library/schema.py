"""The library's tables. Alembic migrations (library/migrations) build them; this is their shape."""

from sqlalchemy import (
    DDL,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
)

from gentle_memories.library.column_types import Json

# Bump together with a new migration in library/migrations/versions.
SCHEMA_REVISION = "0020"

metadata = MetaData()

DAY_INDEX = ("month_day", "local_date", "day_rank", "offered", "date_confidence", "kind")
DAY_INDEX += ("owner_id", "event_id", "id", "has_signals")
"""What `today` filters and counts on, all in one index, so that it reads from the index
alone and touches only the items it shows, and the signals of only the items that have
some (migrations 0003, 0011 and 0015 keep their own copy)."""
EVENT_INDEX = ("event_id", "id", "has_signals")

items = Table(
    "items",
    metadata,
    Column("id", String, primary_key=True),
    Column("content_hash", String, nullable=False),
    Column("source", String, nullable=False),
    Column("uri", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("taken_at", DateTime),  # the local time on the clock where it was taken
    Column("utc_offset", Integer),  # seconds east of UTC at taken_at; None: not known
    Column("local_date", Date),
    Column("month_day", String),
    Column("date_confidence", String, nullable=False),
    Column("date_source", String, nullable=False, default=""),
    Column("caption", Text, nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("keywords", Json, nullable=False, default=[]),
    Column("albums", Json, nullable=False, default=[]),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_name", Text, nullable=False, default=""),
    Column("width", Integer),
    Column("height", Integer),
    Column("fingerprint", String),
    Column("clutter", Text, nullable=False, default=""),
    Column("offered", Boolean, nullable=False, default=True),
    Column("favourite", Boolean, nullable=False, default=False),
    Column("notes", Json, nullable=False, default=[]),
    Column("event_id", Integer),
    Column("day_rank", Integer),
    Column("has_signals", Boolean, nullable=False, default=False),  # kept by evidence.py
    Column("collapsed_into", String),
    Column("owner_id", Integer),  # the user of a private source that alone holds it; None: all
    Column("added_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Index("ix_items_taken_at", "taken_at"),
    Index("ix_items_event", *EVENT_INDEX),
    Index("ix_items_day", *DAY_INDEX),
    Index("ix_items_collapsed_into", "collapsed_into"),
    Index("ix_items_content_hash", "content_hash"),
)
# The items understanding has not settled yet, a partial index in SQL both databases take:
# given as each dialect's option, it would load PostgreSQL's dialect on every start.
UNSETTLED = "CREATE INDEX ix_items_unsettled ON items (id) WHERE day_rank IS NULL"
event.listen(items, "after_create", DDL(UNSETTLED))

# Every place an item was found; the item keeps one of them as its uri.
files = Table(
    "files",
    metadata,
    Column("uri", Text, primary_key=True),
    Column("item_id", String, ForeignKey("items.id"), nullable=False),
    Column("source", String, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Index("ix_files_item", "item_id"),
)

# The albums of each item (items.albums) as rows, so that an album is read from its items;
# with its item's owner and dated time, so that how long it lasts is read from the index.
item_albums = Table(
    "item_albums",
    metadata,
    Column("item_id", String, ForeignKey("items.id"), primary_key=True),
    Column("name", String, primary_key=True),
    Column("owner_id", Integer),
    Column("dated_at", DateTime),  # the item's taken_at, where it says more than a file's time
    Index("ix_item_albums_span", "name", "owner_id", "dated_at"),
)

# Where the household's dated photos of each day were taken, for trips: how many there
# are and their GPS points (to about a kilometre, with how many photos at each), so that
# trips read a row a day, not every item. A stale day is read again from its items first.
day_places = Table(
    "day_places",
    metadata,
    Column("local_date", Date, primary_key=True),
    Column("item_count", Integer, nullable=False),
    Column("points", Json, nullable=False),  # [[lat, lon, photos], ...]
    Column("stale", Boolean, nullable=False),
)

# Who an item names, in the order its source named them: the one place they are kept.
item_people = Table(
    "item_people",
    metadata,
    Column("item_id", String, ForeignKey("items.id"), primary_key=True),
    Column("name", String, primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Index("ix_item_people_name", "name"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("start", DateTime, nullable=False),  # UTC, or local where no zone is known
    Column("end", DateTime, nullable=False),
    Column("item_count", Integer, nullable=False),
    Column("why", Text, nullable=False, default=""),
)

# Who the photos name, since when, how often: found at import, so that `today` finds the
# people whose first photo is on its date without reading every name.
people_seen = Table(
    "people_seen",
    metadata,
    Column("name", String, primary_key=True),
    Column("first", Date, nullable=False),
    Column("month_day", String, nullable=False),
    Column("items", Integer, nullable=False),
    Column("years", Integer, nullable=False),
    Index("ix_people_seen_month_day", "month_day"),
)

# Names an item stopped naming since people were last counted: they are counted again with
# the names of the unsettled items, so an import recounts only the people it touched.
people_recount = Table("people_recount", metadata, Column("name", String, primary_key=True))

# Days away from home, found from where the photos were taken (understand/trips.py).
trips = Table(
    "trips",
    metadata,
    Column("start", Date, primary_key=True),
    Column("end", Date, nullable=False),
    Column("month_day", String, nullable=False),
    Column("place", Text, nullable=False),
    Column("item_count", Integer, nullable=False),
    Index("ix_trips_month_day", "month_day"),
)

# Evidence about an item: one row per signal, replaced whenever understanding runs again.
signals = Table(
    "signals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", String, ForeignKey("items.id"), nullable=False),
    Column("kind", String, nullable=False),
    Column("theme", String, nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_signals_item", "item_id"),
)

# Items whose words are new or changed since the care model last read them: save_all
# marks them, the text refresh (understand/text_signals.py) reads and clears them. The
# token is the marking save's own, so that a refresh clears only what it has read.
words_unread = Table(
    "words_unread",
    metadata,
    Column("item_id", String, ForeignKey("items.id"), primary_key=True),
    Column("token", BigInteger, nullable=False),
)

# What a photo server's image search (Immich's CLIP) found in a picture, by the scene
# asked about (understand/pictures.py): kept apart from signals, because they are read
# from the server only for the dates an import touched, and weighed again on every run.
scene_matches = Table(
    "scene_matches",
    metadata,
    Column("item_id", String, ForeignKey("items.id"), primary_key=True),
    Column("scene", String, primary_key=True),
    Column("local_date", Date, nullable=False),
    Index("ix_scene_matches_date", "local_date"),
)

# The care model's verdicts, cached by text so a re-import does not pay again.
text_verdicts = Table(
    "text_verdicts",
    metadata,
    Column("text_hash", String, primary_key=True),
    Column("model", String, primary_key=True),
    Column("painful", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("themes", Json, nullable=False),
    Column("reason", Text, nullable=False),
)

# The household's users: each signs in with their own password and has their own rules,
# settings and notifications over the same photos. (A person is someone in the photos.)
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("password", String, nullable=False, default=""),  # scrypt (users.py); "" for none
    Column("admin", Boolean, nullable=False, default=False),
    Column("created_at", String, nullable=False),
)

rules = Table(
    "rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, default=1),
    Column("action", String, nullable=False),
    Column("target", String, nullable=False),
    Column("value", Text, nullable=False, default=""),
    Column("date_from", Date),
    Column("date_to", Date),
    Column("until", Date),
    Column("created_at", String, nullable=False),
    Index("ix_rules_user", "user_id"),
)

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("paths", Json, nullable=False),
    Column("summary", Json, nullable=False, default={}),
    Column("owner_id", Integer),  # a private import's user
)

# The household's settings (a photo server's state); each user's own are in user_settings.
settings = Table(
    "settings",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Json, nullable=False),
)

user_settings = Table(
    "user_settings",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("key", String, primary_key=True),
    Column("value", Json, nullable=False),
)

# The day's notification claim: one row per user and day, taken atomically so that the server and
# a cron run never both send. A failed day may be claimed again, a bounded number of times.
notification_claims = Table(
    "notification_claims",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("state", String, nullable=False),
    Column("claimed_at", DateTime, nullable=False),  # UTC
    Column("attempts", Integer, nullable=False, default=1),
)

# Every notification sent, withheld or failed, with the reasons, for Settings to show.
notification_log = Table(
    "notification_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, default=1),
    Column("day", Date, nullable=False),
    Column("at", String, nullable=False),
    Column("outcome", String, nullable=False),
    Column("reasons", Json, nullable=False, default=[]),
    Column("message", Text, nullable=False, default=""),
    Index("ix_notification_log_day", "day"),
)
