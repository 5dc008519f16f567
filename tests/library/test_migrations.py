"""A library made before notifications (revision 0001) is upgraded in place, after a backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from gentle_memories.library import Library
from gentle_memories.library.schema import SCHEMA_REVISION

NEW_TABLES = ("notification_days", "notification_log")


def make_0001_library(home: Path) -> None:
    """A library as revision 0001 left it: today's schema without the notification tables."""
    library = Library.open(home)
    library.add_rule("hide", "person", "Alex")
    library.close()
    with sqlite3.connect(home / "library.db") as db:
        for table in NEW_TABLES:
            db.execute(f"DROP TABLE {table}")
        db.execute("UPDATE alembic_version SET version_num = '0001'")


def tables(home: Path) -> set[str]:
    with sqlite3.connect(home / "library.db") as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_0001_library_gains_the_notification_tables_and_keeps_a_backup(home):
    make_0001_library(home)
    assert not set(NEW_TABLES) & tables(home)
    library = Library.open(home)
    try:
        assert set(NEW_TABLES) <= tables(home)
        assert [r.value for r in library.rules()] == ["Alex"], "nothing else was touched"
        now = datetime(2026, 6, 20, 7, tzinfo=UTC)
        assert library.claim_notification(date(2026, 6, 20), now, now, 1)
        library.record_notification(date(2026, 6, 20), "withheld", ["no memories from this day"])
        assert library.notification_log()[0]["reasons"] == ["no memories from this day"]
    finally:
        library.close()
    with sqlite3.connect(home / "library.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
    assert SCHEMA_REVISION == "0002"
    (backup,) = home.glob("library.db.0001-*.bak")
    with sqlite3.connect(backup) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
