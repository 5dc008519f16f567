"""Whether the library is whole, said plainly; a damaged one is never read as if it were.

On every open, what costs nothing: the SQLite file's header against its size (a truncated
file), and the count of decisions against the one kept beside the backups (changes lost
with a write-ahead log). On start-up of the server and of an import, SQLite's quick_check;
in `memories check`, its full integrity_check. Any statement SQLite answers with "malformed"
or "not a database" stops the command too (database.engine_for). Each says, in one line,
the newest good backup and how to restore it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, text

from gentle_memories.library import backups
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.location import DB_NAME

REBUILT = "Photos and what was found in them can be rebuilt by importing again."
DAMAGE_WORDS = ("malformed", "not a database", "corrupt")


class DamagedLibrary(LibraryError):
    """The library is not whole; the message names the newest good backup."""


def is_damage(err: BaseException) -> bool:
    """SQLite saying its file is damaged (not busy, locked, full or read-only)."""
    said = str(err).lower()
    return isinstance(err, sqlite3.DatabaseError) and any(w in said for w in DAMAGE_WORDS)


def damaged(home: Path, problem: str, what: str = "The library file") -> DamagedLibrary:
    """The one line: what is wrong, the newest good backup and the command that restores it."""
    where = Path(home) / DB_NAME
    good = backups.newest_good(home)
    kept = (backups.folder(home) / "decisions.json").exists()
    if good:
        way = (
            f"newest good backup: {good.path} ({backups.age(good)}); "
            f"restore it with: memories restore {good.path}"
        )
        if kept:
            way += " (the rules and settings decided since are put back too)"
    elif kept:
        decisions = backups.folder(home) / "decisions.json"
        way = (
            "there is no good backup; start again from the decisions kept with: "
            f"memories restore {decisions}"
        )
    else:
        way = "there is no backup; `memories restore` says what can be done"
    return DamagedLibrary(f"{what} {where} is damaged ({problem}); {way}. {REBUILT}")


def header_problem(db_file: Path) -> str | None:
    """A SQLite file shorter than its own header says (truncated), or no SQLite file at all."""
    try:
        size = db_file.stat().st_size
        with open(db_file, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return None
    except OSError as err:
        return err.strerror
    if size == 0:
        return None  # SQLite's own empty file: a new library
    if len(header) < 100 or header[:16] != backups.SQLITE_MAGIC:
        return "it is not a SQLite file"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter, valid_for = header[24:28], header[92:96]
    if size % page_size:
        return f"cut short: {size} bytes is not a whole number of {page_size}-byte pages"
    wal = db_file.with_name(db_file.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0  # a checkpoint a full disk stopped
    if pages and counter == valid_for and size < pages * page_size and not pending:
        return f"cut short: {size // page_size} of its {pages} pages are there"
    return None


def sqlite_check(engine: Engine, full: bool = False) -> str | None:
    """SQLite's quick_check (or with `full`, integrity_check): None when it says ok."""
    if engine.dialect.name != "sqlite":
        return None  # PostgreSQL checks its own pages
    pragma = "integrity_check" if full else "quick_check"
    with engine.connect() as conn:
        said = [r[0] for r in conn.execute(text(f"PRAGMA {pragma}(20)"))]
    if said == ["ok"]:
        return None
    lines = [line.strip() for row in said for line in str(row).splitlines()]
    lines = [line for line in lines if line and not line.startswith("***")]
    more = f"; and {len(lines) - 1} more" if len(lines) > 1 else ""
    return f"SQLite's {pragma}: {lines[0] if lines else 'not ok'}{more}"


def lost_changes(engine: Engine, home: Path) -> str | None:
    """Changes to the decisions kept beside the backups that the library itself lacks."""
    from gentle_memories.library import decisions

    kept = decisions.kept_count(home)
    if not kept:
        return None
    with engine.connect() as conn:
        held = decisions.count(conn)
    if held >= kept:
        return None
    missing = kept - held
    return (
        f"{missing} change{'s' if missing != 1 else ''} to rules, users or settings are "
        f"not in it, as when its write-ahead log {DB_NAME}-wal is lost"
    )


def on_open(engine: Engine, home: Path, quick: bool = False) -> None:
    """The checks of an open: the cheap ones always, quick_check when asked."""
    problem = lost_changes(engine, home)
    if problem is None and quick:
        problem = sqlite_check(engine)
    if problem:
        raise damaged(home, problem)


def before_open(url: str, home: Path) -> None:
    """Before SQLite reads the file: its header against its size."""
    if url.startswith("sqlite"):
        from sqlalchemy import make_url

        database = make_url(url).database
        if database and database != ":memory:":
            problem = header_problem(Path(database))
            if problem:
                raise damaged(home, problem)
