"""A damaged library is never read as if it were whole, and `memories restore` brings back
every rule: `memories backup`, `restore`, `check`, `rules --export/--import`."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from gentle_memories.library import Library
from tests.conftest import make_item, memories, memories_fails, save_items

pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("GENTLE_MEMORIES_TEST_PG") is not None,
    reason="damages a SQLite file",
)

RULES = [
    ("hide", "person", "Sam"),
    ("remember", "person", "Jack"),
    ("ask", "theme", "breakup_divorce"),
    ("hide", "dates", "2020-09-27..2020-10-02"),
    ("show", "memory", "otd-2020-09-30"),
]


def a_library_with_rules(home: Path) -> str:
    """Photos enough for many pages, then rules: the day's backup is made by the first rule,
    so the others are only in the decisions kept beside it. Returns `memories rules`."""
    library = Library.open(home)
    photos = [
        make_item(datetime(2019 + i % 3, 1 + i % 12, 1 + i % 28), f"Out {i} " * 9, name=f"p{i}")
        for i in range(150)
    ]
    save_items(library, *photos)
    library.close()
    for rule in RULES:
        memories(home, *rule)
    memories(home, "snooze", "memory", "trip-2019-07-02", "--until", "2030-01-01")
    memories(home, "file-dates", "on")
    listed = memories(home, "rules")
    assert len(listed.splitlines()) == len(RULES) + 1
    return listed


def page_of(db: Path, table: str) -> tuple[int, int]:
    with sqlite3.connect(db) as con:
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        (page,) = root.fetchone()
        (size,) = con.execute("PRAGMA page_size").fetchone()
    con.close()
    return page, size


def overwrite_rules_page(home: Path) -> None:
    db = home / "library.db"
    page, size = page_of(db, "rules")
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(bytes(range(256)) * (size // 256))


def overwrite_pages_of_photos(home: Path) -> None:
    db = home / "library.db"
    page, size = page_of(db, "items")
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(b"\xa5" * size * 3)  # a few kilobytes


def truncate_at_a_page(home: Path) -> None:
    db = home / "library.db"
    _, size = page_of(db, "items")
    with open(db, "r+b") as f:
        f.truncate((db.stat().st_size // size // 2) * size)


def truncate_anywhere(home: Path) -> None:
    db = home / "library.db"
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size - 1000)


def lose_the_wal(home: Path) -> None:
    """Rules made while the library is open live in its write-ahead log until it closes;
    the file as it was then, without its -wal (a copy taken of library.db alone)."""
    db = home / "library.db"
    library = Library.open(home)
    library.add_rule("hide", "person", "Alex")
    library.add_rule("ask", "person", "Robin")
    assert Path(f"{db}-wal").stat().st_size > 0
    shutil.copy(db, home / "without-wal.db")
    library.close()
    (home / "without-wal.db").replace(db)
    Path(f"{db}-wal").unlink(missing_ok=True)
    Path(f"{db}-shm").unlink(missing_ok=True)


DAMAGE = {
    "an overwritten page of rules": overwrite_rules_page,
    "overwritten pages of photos": overwrite_pages_of_photos,
    "a file cut at a page": truncate_at_a_page,
    "a file cut anywhere": truncate_anywhere,
    "a lost write-ahead log": lose_the_wal,
}


def the_backup_named(said: str) -> Path:
    assert "is damaged" in said, said
    assert "Photos and what was found in them can be rebuilt by importing again." in said
    found = re.search(r"restore it with: memories restore (\S+)", said)
    assert found, said
    return Path(found[1])


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_library_is_refused_and_restore_brings_back_every_rule(home, tmp_path, damage):
    listed = a_library_with_rules(home)
    DAMAGE[damage](home)
    if damage == "a lost write-ahead log":
        listed = memories_to_be(listed, "hide person Alex", "ask person Robin")
    damaged_bytes = (home / "library.db").read_bytes()

    photos = tmp_path / "photos"
    photos.mkdir()
    said = memories_fails(home, "import", str(photos), code=1)
    backup = the_backup_named(said)
    assert backup.parent == home / "backups"
    assert the_backup_named(memories_fails(home, "check", code=1)) == backup
    if damage != "overwritten pages of photos":  # the pages these two read are damaged
        assert the_backup_named(memories_fails(home, "rules", code=1)) == backup
        assert the_backup_named(memories_fails(home, "today", code=1)) == backup

    offered = memories(home, "restore")
    assert f"{backup}  (daily, " in offered and "newest good one" in offered
    done = memories(home, "restore", str(backup))
    assert "The rules, users and settings decided since were put back over it." in done
    (aside,) = home.glob("library-set-aside-*.db")
    assert aside.read_bytes() == damaged_bytes, "the damaged file is kept, as it was"
    assert memories(home, "rules") == listed
    assert "The library is whole" in memories(home, "check")
    assert memories(home, "--user", "me", "today", "--date", "2021-09-30")  # it answers again
    library = Library.open(home)
    try:
        from gentle_memories.curate.context import FILE_DATES_SETTING

        assert library.user_setting(FILE_DATES_SETTING) is True, "settings come back too"
    finally:
        library.close()


def memories_to_be(listed: str, *more: str) -> str:
    n = len(listed.splitlines())
    return listed + "".join(f"{n + i:>4}  {said}\n" for i, said in enumerate(more, 1))


def test_with_no_backup_left_the_decisions_kept_begin_a_new_library(home):
    listed = a_library_with_rules(home)
    for backup in (home / "backups").glob("library-*.db"):
        backup.unlink()
    overwrite_rules_page(home)
    said = memories_fails(home, "rules", code=1)
    assert "there is no good backup" in said
    decisions = home / "backups" / "decisions.json"
    assert f"memories restore {decisions}" in said
    done = memories(home, "restore", str(decisions))
    assert "memories import PATH" in done
    assert memories(home, "rules") == listed
    assert len(list(home.glob("library-set-aside-*.db"))) == 1


def test_backup_makes_a_checked_copy_here_or_elsewhere_and_the_decisions_to_read(home, tmp_path):
    memories(home, "hide", "person", "Sam")
    made = memories(home, "backup")
    assert re.fullmatch(
        rf"Backed up to {home}/backups/library-\d{{8}}T\d{{6}}-manual\.db "
        r"\(checked: whole\)\.\n",
        made,
    ), made
    usb = tmp_path / "usb"
    elsewhere = memories(home, "backup", "--to", str(usb))
    assert str(usb) in elsewhere
    (copy,) = usb.glob("library-*-manual.db")
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT value FROM rules").fetchall() == [("Sam",)]
    db.close()
    kept = json.loads((usb / "decisions.json").read_text())
    (me,) = kept["users"]
    assert [r["said"] for r in me["rules"]] == ["hide person Sam"]


def test_restore_lists_nothing_plainly_and_refuses_a_damaged_backup(home, tmp_path):
    assert "There are no backups" in memories(home, "restore")
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    memories(home, "hide", "person", "Sam")
    assert "damaged" in memories_fails(home, "restore", str(broken), code=1)
    assert "hide person Sam" in memories(home, "rules"), "nothing was touched"
    assert not list(home.glob("library-set-aside-*"))


def test_rules_round_trip_through_a_file_to_a_new_library(home, tmp_path):
    library = Library.open(home)
    (item_id,) = save_items(library, make_item(datetime(2020, 9, 30, 12), "Apples", ["Maya"]))
    event = library.item(item_id).event_id
    library.close()
    for rule in RULES:
        memories(home, *rule)
    memories(home, "snooze", "item", item_id, "--until", "2030-01-01")
    memories(home, "hide", "item", item_id)
    assert event is not None
    memories(home, "hide", "event", str(event))
    file = tmp_path / "my-rules.json"
    assert memories(home, "rules", "--export", str(file)).startswith(f"{len(RULES) + 3} rules")
    exported = json.loads(file.read_text())
    assert exported["kind"] == "gentle-memories rules" and exported["user"] == "me"

    other = tmp_path / "other"
    added = memories(other, "rules", "--import", str(file))
    assert added.startswith(f"{len(RULES) + 2} rules added")
    assert f"left out: hide event {event} (an event's number belongs to one library)" in added
    mine = [line.split(None, 1)[1] for line in memories(home, "rules").splitlines()]
    theirs = [line.split(None, 1)[1] for line in memories(other, "rules").splitlines()]
    assert theirs == [r for r in mine if " event " not in r]

    again = memories(other, "rules", "--import", str(file))
    assert again.startswith("0 rules added") and f"{len(RULES) + 2} already here" in again
    memories(other, "rules", "--export", str(tmp_path / "back.json"))
    back = json.loads((tmp_path / "back.json").read_text())
    assert [r["said"] for r in back["rules"]] == theirs


def test_a_bad_rules_file_imports_nothing_and_says_which_rule(home, tmp_path):
    file = tmp_path / "rules.json"
    rules = [
        {"action": "hide", "target": "person", "value": "Sam"},
        {"action": "hide", "target": "theme", "value": "sadness"},
    ]
    file.write_text(json.dumps({"kind": "gentle-memories rules", "rules": rules}))
    said = memories_fails(home, "rules", "--import", str(file))
    assert "rule 2" in said and "not a theme" in said and "nothing imported" in said
    assert memories(home, "rules") == "No rules yet.\n"
    file.write_text("{not json")
    assert "not a rules file" in memories_fails(home, "rules", "--import", str(file))
