"""Backups of the library: made once a day by a change to the decisions, checked, rotated;
the decisions kept as JSON beside them after every change; damage said plainly."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from gentle_memories.library import Library, LibraryError, backups, decisions, integrity

sqlite_only = pytest.mark.skipif(
    os.environ.get("GENTLE_MEMORIES_TEST_PG") is not None, reason="a SQLite file's own checks"
)


def test_every_change_to_the_decisions_is_kept_as_json_and_the_first_of_a_day_backs_up(library):
    library.add_rule("hide", "person", "Sam")
    library.set_user_setting("offer_items_dated_by_file_time", True)
    kept = decisions.kept(library.home)
    assert kept["count"] == 2
    (me,) = kept["users"]
    assert [r["said"] for r in me["rules"]] == ["hide person Sam"]
    assert me["settings"] == {"offer_items_dated_by_file_time": True}
    (daily,) = backups.listed(library.home)
    assert daily.kind == "daily", "the first change of the day made one, the second did not"
    assert os.stat(decisions.path(library.home)).st_mode & 0o077 == 0, "it holds password hashes"
    library.forget_rule(1)
    assert decisions.kept(library.home)["users"][0]["rules"] == []


def test_a_photo_servers_state_is_no_decision(library):
    library.set_setting("immich.sync", {"cursor": "x"})
    library.set_setting("household.choice", "kept")
    assert decisions.kept(library.home)["household_settings"] == {"household.choice": "kept"}


def test_one_daily_backup_a_day_and_rotation_keeps_7_days_and_4_weeks(library):
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(60):
        for hour in (0, 5):  # a second one the same day is not made
            backups.daily(library.engine, library.home, start + timedelta(days=day, hours=hour))
    manual = backups.make(library.engine, library.home, "manual", now=start)
    kept = backups.found_in(backups.folder(library.home))
    daily = [b.made.date() for b in kept if b.kind == "daily"]
    last = (start + timedelta(days=59)).date()
    assert daily[:7] == [last - timedelta(days=n) for n in range(7)]
    assert len(daily) <= 7 + 4 and len({d.isocalendar()[:2] for d in daily}) >= 4
    assert manual.path in {b.path for b in kept}, "rotation leaves manual backups alone"


@sqlite_only
def test_a_copy_that_does_not_check_out_is_not_kept(library, tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "problem_in", lambda path: "page 3 is never used")
    with pytest.raises(LibraryError, match="did not check out"):
        backups.make(library.engine, library.home, "manual", to=tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


@sqlite_only
def test_a_new_library_in_a_home_with_kept_decisions_sets_them_aside(home):
    library = Library.open(home)
    library.add_rule("hide", "person", "Sam")
    library.close()
    for end in ("", "-wal", "-shm"):
        (home / f"library.db{end}").unlink(missing_ok=True)
    library = Library.open(home)  # a person starting again: no "lost changes"
    library.close()
    (aside,) = backups.folder(home).glob("decisions-before-*.json")
    assert json.loads(aside.read_text())["users"][0]["rules"][0]["value"] == "Sam"


@sqlite_only
def test_a_file_cut_short_is_told_by_its_header(home):
    library = Library.open(home)
    library.add_rule("hide", "person", "Sam")
    library.close()
    db = home / "library.db"
    size = db.stat().st_size
    assert integrity.header_problem(db) is None
    with open(db, "r+b") as f:
        f.truncate(4096)
    assert "cut short: 1 of its" in integrity.header_problem(db)
    with pytest.raises(integrity.DamagedLibrary, match=r"newest good backup: .*-daily\.db"):
        Library.open(home)
    assert size > 4096


@sqlite_only
def test_a_library_behind_its_kept_decisions_has_lost_changes(home):
    library = Library.open(home)
    library.add_rule("hide", "person", "Sam")
    library.close()
    with sqlite3.connect(home / "library.db") as db:
        db.execute("UPDATE settings SET value = '0' WHERE key = 'library.decisions'")
    db.close()
    with pytest.raises(integrity.DamagedLibrary, match="1 change to rules, users or settings"):
        Library.open(home)


@sqlite_only
def test_quick_check_on_open_when_asked(home):
    library = Library.open(home)
    library.add_rule("hide", "person", "Sam")
    library.close()
    with sqlite3.connect(home / "library.db") as db:
        (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()
    db.close()
    with open(home / "library.db", "r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(b"\x0d" + b"\xff" * 4095)
    Library.open(home).close()  # the cheap checks do not read every page
    with pytest.raises(integrity.DamagedLibrary, match="quick_check"):
        Library.open(home, quick_check=True)
