"""Bringing a library back: a backup in the place of a damaged file, then every decision
kept since put back over it; or, with no backup left, a new library with the kept decisions.

What it replaces is never deleted: a SQLite file moves aside with its -wal and -shm, a
PostgreSQL database is dumped into backups/ first (when it can still be read)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from gentle_memories.library import backups, decisions, integrity
from gentle_memories.library import schema as s
from gentle_memories.library.database import engine_for, prepare
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.location import DB_NAME, database_url


@dataclass(frozen=True)
class Restored:
    home: Path
    source: Path
    aside: Path | None
    """Where the file it replaced went (None: there was none)."""
    rules: int
    put_back: bool
    """Whether decisions kept since the backup were put back over it."""


def is_decisions_file(path: Path) -> bool:
    return path.suffix == ".json"


def restore(home: Path, source: Path, db: str | None = None) -> Restored:
    """Restore a backup (or, given a decisions file, begin a new library holding them)."""
    home, source = Path(home), Path(source)
    if not source.is_file():
        raise LibraryError(f"there is no file {source}")
    url, _ = database_url(home, db)
    kept = _read_decisions(source if is_decisions_file(source) else decisions.path(home))
    if is_decisions_file(source):
        if kept is None:
            raise LibraryError(f"{source} holds no decisions")
        aside = _start_afresh(home, url)
    elif url.startswith("sqlite"):
        aside = backups.restore_sqlite(home, source)
    else:
        aside = backups.restore_postgres(home, url, source)
    engine = engine_for(url, home)
    try:
        prepare(engine, home)  # a backup from before an upgrade is upgraded (and copied first)
        put_back = False
        with engine.connect() as conn:
            behind = kept is not None and decisions.count(conn) < int(kept.get("count") or 0)
        if behind or is_decisions_file(source):
            decisions.put_back(engine, kept)
            put_back = True
        decisions.keep(engine, home)
        problem = integrity.sqlite_check(engine)
        if problem:
            raise LibraryError(f"the restored library does not check out ({problem})")
        with engine.connect() as conn:
            rules = conn.execute(select(func.count()).select_from(s.rules)).scalar()
    finally:
        engine.dispose()
    return Restored(home, source, aside, rules, put_back)


def _read_decisions(path: Path) -> dict | None:
    try:
        data = decisions.read(path)
    except LibraryError:
        return None
    return data


def _start_afresh(home: Path, url: str) -> Path | None:
    """Move a SQLite library aside, so that a new one begins; a PostgreSQL one is dumped."""
    if not url.startswith("sqlite"):
        raise LibraryError(
            "a PostgreSQL library is restored from a pg_dump backup (.dump), not from decisions"
        )
    current = home / DB_NAME
    if not any(Path(f"{current}{end}").exists() for end in ("", "-wal", "-shm")):
        return None
    aside = backups.set_aside_name(home)
    for end in ("", "-wal", "-shm"):
        if Path(f"{current}{end}").exists():
            Path(f"{current}{end}").rename(f"{aside}{end}")
    return aside


def home_of(backup: Path) -> Path | None:
    """The library home a backup belongs to, from where it lies: HOME/backups/FILE, or
    HOME/library.db.REV-STAMP.bak; None when it lies elsewhere."""
    backup = Path(backup).resolve()
    if backup.parent.name == backups.FOLDER:
        return backup.parent.parent
    if backups.BEFORE_UPGRADE.match(backup.name):
        return backup.parent
    return None
