"""Libraries made by earlier versions are upgraded in place, after a backup, losing nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine, NullPool, create_engine, inspect, text

from gentle_memories.curate.curation import curate_day
from gentle_memories.items import Item, Place
from gentle_memories.library import Library
from gentle_memories.library.location import database_url
from gentle_memories.library.schema import SCHEMA_REVISION
from gentle_memories.understand.understanding import understand
from tests.conftest import make_item, save_items

NOTIFICATION_TABLES = ("notification_days", "notification_log")
BEFORE_PRIVATE = (
    "DROP INDEX ix_items_day",
    "ALTER TABLE items DROP COLUMN owner_id",
    "ALTER TABLE import_runs DROP COLUMN owner_id",
    "CREATE INDEX ix_items_day ON items (month_day, local_date, day_rank, offered,"
    " date_confidence, kind, event_id, id)",
)
"""Undo 0011."""
BEFORE_USERS = (
    "DROP TABLE user_settings",
    "DROP TABLE notification_claims",
    "CREATE TABLE notification_days (day VARCHAR PRIMARY KEY, state VARCHAR NOT NULL,"
    " claimed_at VARCHAR NOT NULL, attempts INTEGER NOT NULL)",
    "CREATE TABLE rules_0009 (id INTEGER PRIMARY KEY, action VARCHAR NOT NULL,"
    " target VARCHAR NOT NULL, value TEXT NOT NULL, date_from VARCHAR, date_to VARCHAR,"
    " until VARCHAR, created_at VARCHAR NOT NULL)",
    "INSERT INTO rules_0009 SELECT id, action, target, value, date_from, date_to, until,"
    " created_at FROM rules",
    "DROP TABLE rules",
    "ALTER TABLE rules_0009 RENAME TO rules",
    "CREATE TABLE log_0009 (id INTEGER PRIMARY KEY, day VARCHAR NOT NULL, at VARCHAR NOT NULL,"
    " outcome VARCHAR NOT NULL, reasons TEXT NOT NULL, message TEXT NOT NULL)",
    "INSERT INTO log_0009 SELECT id, day, at, outcome, reasons, message FROM notification_log",
    "DROP TABLE notification_log",
    "ALTER TABLE log_0009 RENAME TO notification_log",
    "CREATE INDEX ix_notification_log_day ON notification_log (day)",
    "DROP TABLE users",
)
"""Undo 0010: the tables as one person's library had them."""


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


def as_before_typed(conn) -> None:
    """Undo 0012: times as ISO text, with the offset where one is known; dates as text;
    people also as a JSON list on the item."""
    postgres = conn.dialect.name == "postgresql"
    row_key = "ctid" if postgres else "rowid"

    def read(at):
        return at if isinstance(at, datetime) else datetime.fromisoformat(at)

    def rewrite(table: str, column: str, written: list) -> None:
        if postgres:
            conn.execute(text(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE varchar'))
        for key, at in written:
            conn.execute(
                text(f'UPDATE {table} SET "{column}" = :at WHERE {row_key} = :key'),
                {"at": at, "key": key},
            )

    taken = conn.execute(text("SELECT id, taken_at, utc_offset FROM items")).all()
    conn.execute(text("DROP INDEX ix_items_taken_at"))
    rewrite_items = []
    for item_id, at, offset in taken:
        if at is not None:
            at = read(at)
            if offset is not None:
                at = at.replace(tzinfo=timezone(timedelta(seconds=offset)))
            rewrite_items.append((item_id, at.isoformat()))
    if postgres:
        conn.execute(text("ALTER TABLE items ALTER COLUMN taken_at TYPE varchar"))
    for item_id, at in rewrite_items:
        conn.execute(
            text("UPDATE items SET taken_at = :at WHERE id = :id"), {"at": at, "id": item_id}
        )
    conn.execute(text("CREATE INDEX ix_items_taken_at ON items (taken_at)"))
    conn.execute(text("ALTER TABLE items DROP COLUMN utc_offset"))
    for table, columns in TIMES.items():
        for column in columns:
            written = conn.execute(text(f'SELECT {row_key}, "{column}" FROM {table}')).all()
            utc = column == "claimed_at"
            rewrite(
                table,
                column,
                [
                    (k, (read(a).replace(tzinfo=UTC) if utc else read(a)).isoformat())
                    for k, a in written
                ],
            )
    if postgres:
        for table, columns in DATES.items():
            for column in columns:
                conn.execute(text(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE varchar'))
    conn.execute(text("ALTER TABLE items ADD COLUMN people TEXT NOT NULL DEFAULT '[]'"))
    named: dict[str, list[str]] = {}
    query = "SELECT item_id, name FROM item_people ORDER BY position"
    for item_id, name in conn.execute(text(query)):
        named.setdefault(item_id, []).append(name)
    for item_id, names in named.items():
        conn.execute(
            text("UPDATE items SET people = :p WHERE id = :id"),
            {"p": json.dumps(names, ensure_ascii=False), "id": item_id},
        )
    conn.execute(text("ALTER TABLE item_people DROP COLUMN position"))


def make_old_library(home: Path, revision: str, *found: Item) -> None:
    """A library as `revision` left it, with a rule and a few items."""
    library = Library.open(home)
    library.add_rule("hide", "person", "Alex")
    save_items(library, make_item(datetime(2020, 9, 30, 12), "Apples"), *found)
    library.close()
    as_left_by(home, revision)


def database(home: Path) -> Engine:
    """The library's database itself, SQLite or PostgreSQL, to shape it as an old version did."""
    return create_engine(database_url(home)[0], poolclass=NullPool)


BEFORE_HAS_SIGNALS = (
    "DROP INDEX ix_items_day",
    "CREATE INDEX ix_items_day ON items (month_day, local_date, day_rank, offered, "
    "date_confidence, kind, owner_id, event_id, id)",
    "DROP INDEX ix_items_event",
    "CREATE INDEX ix_items_event ON items (event_id, id)",
    "ALTER TABLE items DROP COLUMN has_signals",
)


UNDONE = (
    ("0019", ("DROP TABLE day_places",)),
    (
        "0018",
        (
            "DROP INDEX ix_item_albums_span",
            "CREATE INDEX ix_item_albums_name ON item_albums (name)",
            "ALTER TABLE item_albums DROP COLUMN dated_at",
            "ALTER TABLE item_albums DROP COLUMN owner_id",
        ),
    ),
    ("0017", ("DROP TABLE item_albums",)),
    ("0016", ("DROP INDEX ix_items_unsettled",)),
    ("0015", ("DROP INDEX ix_items_content_hash",)),
    ("0014", BEFORE_HAS_SIGNALS),
    ("0013", ("DROP TABLE people_recount",)),
    ("0012", ("DROP TABLE words_unread", "DELETE FROM settings WHERE key = 'text_signals_model'")),
)
"""Newest first: the revision a library is at once these statements undo the next one."""


def as_left_by(home: Path, revision: str) -> None:
    """The library's schema as `revision` (0001 to 0019) left it: today's, less what came
    after it."""
    with database(home).begin() as conn:
        for left_by, undo in UNDONE:
            for statement in undo:
                conn.execute(text(statement))
            if revision == left_by:
                conn.execute(text(f"UPDATE alembic_version SET version_num = '{revision}'"))
                return
        as_before_typed(conn)
        if revision == "0011":
            conn.execute(text(f"UPDATE alembic_version SET version_num = '{revision}'"))
            return
        db = _Statements(conn)
        for statement in (*BEFORE_PRIVATE, *BEFORE_USERS):
            db.execute(statement)
        if revision == "0009":
            db.execute(f"UPDATE alembic_version SET version_num = '{revision}'")
            return
        db.execute("DROP TABLE scene_matches")
        db.execute("ALTER TABLE items DROP COLUMN favourite")
        db.execute("DROP TABLE people_seen")
        if revision < "0007":
            db.execute("DROP INDEX ix_items_collapsed_into")
            db.execute("ALTER TABLE items DROP COLUMN collapsed_into")
        if revision < "0005":
            db.execute("DROP TABLE trips")
        if revision < "0004":
            db.execute("ALTER TABLE items DROP COLUMN clutter")
        if revision < "0003":
            db.execute("DROP INDEX ix_items_day")
            db.execute("CREATE INDEX ix_items_month_day ON items (month_day, local_date)")
            db.execute("ALTER TABLE items DROP COLUMN day_rank")
        if revision == "0001":
            for table in NOTIFICATION_TABLES:
                db.execute(f"DROP TABLE {table}")
        db.execute(f"UPDATE alembic_version SET version_num = '{revision}'")


class _Statements:
    def __init__(self, conn) -> None:
        self.conn = conn

    def execute(self, statement: str) -> None:
        self.conn.execute(text(statement))


@contextmanager
def upgraded(home: Path, revision: str, *found: Item) -> Iterator[Library]:
    """The library as `revision` left it, opened (and so upgraded) by this code; once the
    test is done with it, the upgrade is checked to have kept a backup of the old one."""
    make_old_library(home, revision, *found)
    library = Library.open(home)
    try:
        yield library
    finally:
        library.close()
    assert_upgraded_with_backup(home, revision)


def tables(home: Path) -> set[str]:
    return set(inspect(database(home)).get_table_names())


def assert_upgraded_with_backup(home: Path, revision: str) -> None:
    with database(home).connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [tuple(r) for r in version] == [(SCHEMA_REVISION,)]
    (backup,) = home.glob(f"library.db.{revision}-*.bak")
    if database_url(home)[0].startswith("sqlite"):
        with sqlite3.connect(backup) as db:
            found = db.execute("SELECT version_num FROM alembic_version").fetchall()
        assert found == [(revision,)]
    else:
        assert backup.read_bytes()[:5] == b"PGDMP", "a pg_dump archive, for pg_restore"


def test_a_0001_library_gains_the_notification_tables_and_keeps_a_backup(home):
    make_old_library(home, "0001")
    assert not set(NOTIFICATION_TABLES) & tables(home)
    library = Library.open(home)
    try:
        assert {"notification_claims", "notification_log"} <= tables(home)
        assert [r.value for r in library.rules()] == ["Alex"], "nothing else was touched"
        now = datetime(2026, 6, 20, 7, tzinfo=UTC)
        assert library.claim_notification(date(2026, 6, 20), now, now, 1)
        library.record_notification(date(2026, 6, 20), "withheld", ["no memories from this day"])
        assert library.notification_log()[0]["reasons"] == ["no memories from this day"]
    finally:
        library.close()
    assert_upgraded_with_backup(home, "0001")


def test_a_0002_library_offers_its_items_before_and_after_they_are_ranked(home):
    with upgraded(home, "0002") as library:
        (memory,) = curate_day(library, date(2021, 9, 30)).memories
        assert [m.item.caption for m in memory.items] == ["Apples"]
        assert memory.items[0].item.day_rank is None
        understand(library)
        (memory,) = curate_day(library, date(2021, 9, 30)).memories
        assert [(m.item.caption, m.item.day_rank) for m in memory.items] == [("Apples", 1)]


def test_a_0003_library_shows_again_the_look_alike_photos_its_old_rule_collapsed(home):
    """0003 collapsed shots whose fingerprints differ in a few bits, hours apart; the
    upgrade ranks their days again, so both come back with their captions."""
    view = 0x9F3A5C7E12B4D608
    breakfast = make_item(datetime(2020, 9, 30, 9), "Breakfast", fingerprint=f"{view:016x}")
    noon = make_item(datetime(2020, 9, 30, 13), "Noon", fingerprint=f"{view ^ 0b11:016x}")
    make_old_library(home, "0003", breakfast, noon)
    with database(home).begin() as conn:
        conn.execute(text("UPDATE items SET day_rank = 0 WHERE caption = 'Noon'"))
    library = Library.open(home)
    try:
        for ranked in (False, True):
            if ranked:
                understand(library)
            (memory,) = curate_day(library, date(2021, 9, 30)).memories
            captions = [m.item.caption for m in memory.items]
            assert captions == ["Breakfast", "Apples", "Noon"], f"ranked: {ranked}"
    finally:
        library.close()
    assert_upgraded_with_backup(home, "0003")


def test_a_library_in_a_home_with_an_apostrophe_upgrades_and_keeps_its_backup(tmp_path):
    home = tmp_path / "Mum's photos"
    make_old_library(home, "0007")
    Library.open(home).close()
    assert_upgraded_with_backup(home, "0007")


def test_a_0009_library_becomes_its_first_users_with_every_rule_and_setting(home):
    from gentle_memories.curate.context import FILE_DATES_SETTING

    library = Library.open(home)
    library.set_user_setting(FILE_DATES_SETTING, True)
    library.close()
    make_old_library(home, "0009")
    with database(home).begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES (:k, 'true')"), {"k": FILE_DATES_SETTING}
        )
    library = Library.open(home)
    try:
        (first,) = library.users()
        assert (first.name, first.admin, first.has_password) == ("me", True, False)
        assert [r.value for r in library.rules()] == ["Alex"]
        assert library.user_setting(FILE_DATES_SETTING) is True
        assert library.setting(FILE_DATES_SETTING) is None, "it moved to the user's settings"
    finally:
        library.close()
    assert_upgraded_with_backup(home, "0009")


def test_a_0011_library_keeps_every_time_with_its_offset_and_people_in_order(home):
    """0012 types the columns: an aware time, an odd offset and a naive one come back as
    they were, people keep their order, and dates, events and claims still compare."""
    kathmandu = timezone(timedelta(hours=5, minutes=45))
    found = [
        make_item(datetime(2019, 9, 30, 23, 30, tzinfo=timezone(timedelta(hours=2))), "Late"),
        make_item(datetime(2019, 9, 30, 8, 15, 5, 250000, tzinfo=kathmandu), "Early"),
        make_item(datetime(2018, 9, 30, 12), "Naive", people=["Zoë", "Alex", "Zoë"]),
    ]
    library = Library.open(home)
    library.add_rule("hide", "dates", date_from=date(2017, 9, 29), date_to=date(2017, 10, 1))
    save_items(library, *found)
    now = datetime(2026, 9, 30, 7, tzinfo=UTC)
    assert library.claim_notification(date(2026, 9, 30), now, now, 3)
    library.record_notification(date(2026, 9, 30), "failed", ["the target did not answer"])
    ids = library.ids_by_hash([f.content_hash for f in found]).values()
    before = {i: library.item(i) for i in ids}
    events = library.events()
    library.close()
    as_left_by(home, "0011")
    with database(home).connect() as conn:
        written = conn.execute(text("SELECT taken_at FROM items WHERE caption = 'Late'")).scalar()
    assert written == "2019-09-30T23:30:00+02:00", "the old library keeps ISO text"
    library = Library.open(home)
    try:
        after = {i: library.item(i) for i in before}
        assert None not in after.values() and after == before
        assert [after[i].taken_at.utcoffset() for i in after] == [
            b.taken_at.utcoffset() for b in before.values()
        ]
        naive = next(i for i in after.values() if i.caption == "Naive")
        assert naive.people == ["Zoë", "Alex"] and naive.taken_at.tzinfo is None
        assert library.events() == events
        assert [(r.date_from, r.date_to) for r in library.rules()] == [
            (date(2017, 9, 29), date(2017, 10, 1))
        ]
        shown = curate_day(library, date(2020, 9, 30)).memories
        by_year = {m.source_date.year: [i.item.caption for i in m.items] for m in shown}
        assert by_year == {2019: ["Early", "Late"], 2018: ["Naive"]}, "the local day, in order"
        later = datetime(2026, 9, 30, 9, tzinfo=UTC)
        assert library.claim_notification(date(2026, 9, 30), later, later, 3), "retried"
    finally:
        library.close()
    assert_upgraded_with_backup(home, "0011")


def test_a_0012_library_reads_the_words_of_every_item_once_after_its_upgrade(home):
    """0013 keeps which items' words are unread; an upgraded library knows of none, so its
    first text refresh reads every item's words (from the verdict cache), then none."""
    from gentle_memories.understand.text_signals import refresh_text_signals

    with upgraded(
        home, "0012", make_item(datetime(2019, 5, 1, 10), "Grandad passed away")
    ) as library:
        assert library.unread_words() == {}
        written = refresh_text_signals(library)
        assert written >= 1
        assert refresh_text_signals(library) == 0
        library.save_all([make_item(datetime(2019, 5, 2, 10), "Our dog died")])
        assert len(library.unread_words()) == 1
        assert refresh_text_signals(library) >= 1 and library.unread_words() == {}


def test_a_0013_library_counts_again_a_person_an_item_stops_naming(home):
    picnic = make_item(datetime(2019, 6, 2, 10), "Picnic", people=["Jo"])
    with upgraded(home, "0013", picnic) as library:
        assert library.people_first_seen(["06-02"], before=date(2026, 1, 1))[0][0] == "Jo"
        library.save_all([replace(picnic, people=["Sam"])])
        understand(library)
        seen = library.people_first_seen(["06-02"], before=date(2026, 1, 1))
        assert [name for name, *_ in seen] == ["Sam"]


def test_a_0014_library_still_holds_back_its_painful_day(home):
    """0015 marks the items that have signals; today reads the signals of only those, so an
    upgrade that marked none would show a loss as if it were any other day."""
    loss = make_item(datetime(2019, 3, 4, 10), "The day we lost our baby at the hospital")
    with upgraded(home, "0014", loss) as library:
        (memory,) = curate_day(library, date(2024, 3, 4)).memories
        assert memory.decision in ("ask", "hold")


def test_a_0015_library_finds_a_moved_file_by_its_content_through_the_new_index(home):
    photo = make_item(datetime(2019, 3, 4, 10), "Apple picking")
    with upgraded(home, "0015", photo) as library:
        before = library.ids_by_hash([photo.content_hash])
        library.save_all([replace(photo, uri="/photos/moved/apples.jpg")])
        assert library.count_items() == 2
        assert library.ids_by_uri(["/photos/moved/apples.jpg"]) == {
            "/photos/moved/apples.jpg": before[photo.content_hash]
        }


def test_a_0016_library_counts_the_people_of_its_new_photos_through_the_new_index(home):
    with upgraded(home, "0016") as library:
        save_items(library, make_item(datetime(2021, 5, 6, 10), "Picnic", people=["Maya"]))
        (maya,) = library.people_first_seen(["05-06"], date(2022, 1, 1))
        assert maya == ("Maya", date(2021, 5, 6), 1, 1)


def test_a_0017_library_knows_how_long_each_album_lasts_from_its_own_items(home):
    taken = datetime(2021, 5, 6, 10)
    with upgraded(home, "0017", make_item(taken, "Vows", albums=["Wedding", "2021"])) as library:
        found = library.album_spans(None, ["Wedding", "Holiday"])
        assert list(found) == ["Wedding"]
        assert (found["Wedding"].first, found["Wedding"].last) == (taken, taken)


def test_a_0018_library_reads_how_long_an_album_lasts_from_its_index(home):
    """Its album rows learn their items' owner and dated time on the upgrade."""
    dated = make_item(datetime(2022, 8, 1, 10), "Beach", albums=["Summer"])
    undated = make_item(datetime(2023, 1, 1), "Scan", albums=["Summer"], confidence="file_time")
    with upgraded(home, "0018", dated, undated) as library:
        span = library.album_spans(None, ["Summer"])["Summer"]
        assert (span.first, span.last) == (dated.taken_at, dated.taken_at)


def test_a_0019_library_knows_where_each_day_s_photos_were_taken(home):
    """Its days' places are read on the upgrade, so the next import reads only its own."""
    beach = make_item(datetime(2022, 8, 1, 10), "Beach", place=Place(36.72, -4.42))
    with upgraded(home, "0019", beach) as library:
        kept = list(library.day_places())
        assert (date(2022, 8, 1), 1, [(36.72, -4.42, 1)]) in kept
        assert library.refresh_day_places() == 0
        library.refresh_day_places(everything=True)
        assert list(library.day_places()) == kept


def shape(home: Path) -> dict[str, tuple]:
    """Each table's columns and indexes (with a partial index's condition), as the
    database itself reports them."""
    seen = inspect(database(home))
    return {
        table: (
            sorted(c["name"] for c in seen.get_columns(table)),
            sorted(
                (i["name"], *i["column_names"], *map(str, i.get("dialect_options", {}).values()))
                for i in seen.get_indexes(table)
            ),
        )
        for table in seen.get_table_names()
        if table != "alembic_version"
    }


def test_a_library_upgraded_from_the_first_version_has_the_shape_of_a_new_one(home):
    """Every migration together builds what a new library is made with, index for index:
    a drift would leave an old library slower, or missing a column, only once upgraded."""
    Library.open(home).close()
    new = shape(home)
    as_left_by(home, "0001")
    Library.open(home).close()
    assert shape(home) == new
