"""Whole copies of the library: made, checked, rotated, listed and restored.

A copy is SQLite's online backup of library.db (a consistent snapshot, taken while the
library is in use) or pg_dump's custom format for PostgreSQL, and each is checked once
written. They live in the home's backups/ folder:

- library-STAMP-daily.db: made by the first change of a day to what a person decided, and
  by the server's daily wake-up; rotated, keeping the newest of each of the last 7 days
  and of each of the last 4 weeks;
- library-STAMP-manual.db: `memories backup`, kept until a person removes it;
- .dump instead of .db for PostgreSQL.

The copy made before an upgrade stays beside library.db (library.db.REV-STAMP.bak).
A restore never deletes the file it replaces: it is moved aside with a timestamp.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, make_url

from gentle_memories.library.errors import LibraryError
from gentle_memories.library.location import DB_NAME

FOLDER = "backups"
KEEP_DAYS = 7
KEEP_WEEKS = 4
STAMP = "%Y%m%dT%H%M%S"
NAMED = re.compile(r"^library-(\d{8}T\d{6})-(daily|manual)(?:-(\d+))?\.(db|dump)$")
BEFORE_UPGRADE = re.compile(r"^library\.db\.(\w+)-(\d{8}T\d{6})\.bak$")
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    """When it was made (UTC)."""
    kind: str
    """daily, manual or upgrade."""

    @property
    def sqlite(self) -> bool:
        return is_sqlite_file(self.path)


def folder(home: Path) -> Path:
    return Path(home) / FOLDER


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _pg_url(engine_or_url) -> str:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_dump(engine_or_url, to: Path) -> subprocess.CompletedProcess:
    """pg_dump's custom format of the database at `to`, for pg_restore."""
    return subprocess.run(
        ["pg_dump", "--format=custom", f"--file={to}", _pg_url(engine_or_url)],
        capture_output=True,
        text=True,
    )


def copy_to(engine: Engine, to: Path) -> None:
    """A whole copy of the library at `to`, checked; a copy that does not check out is
    removed again (it is ours, never the library) and the error says why."""
    to.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        try:
            with engine.connect() as conn, sqlite3.connect(to) as copy:
                conn.connection.driver_connection.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            copy.close()
        except (sqlite3.Error, LibraryError) as err:
            to.unlink(missing_ok=True)
            raise LibraryError(f"cannot back up the library to {to}: {err}") from err
    else:
        if not shutil.which("pg_dump"):
            raise LibraryError("cannot back up the library: pg_dump is missing")
        done = _pg_dump(engine, to)
        if done.returncode:
            to.unlink(missing_ok=True)
            said = done.stderr.strip().splitlines()[-1:] or ["pg_dump failed"]
            raise LibraryError(f"cannot back up the library: {said[0]}")
    problem = problem_in(to)
    if problem:
        to.unlink(missing_ok=True)
        raise LibraryError(f"the backup just written did not check out ({problem}); none kept")
    to.chmod(0o600)


def problem_in(path: Path) -> str | None:
    """What is wrong with a backup, None when it is whole (SQLite's quick_check and a read of
    the rules; for a pg_dump archive, pg_restore reading its table of contents)."""
    if is_sqlite_file(path):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                said = [r[0] for r in db.execute("PRAGMA quick_check")]
                db.execute("SELECT count(*) FROM rules").fetchone()
            db.close()
        except sqlite3.Error as err:
            return str(err)
        return None if said == ["ok"] else said[0]
    try:
        with open(path, "rb") as f:
            if f.read(5) != b"PGDMP":
                return "neither a SQLite library nor a pg_dump archive"
    except OSError as err:
        return err.strerror
    if not shutil.which("pg_restore"):
        return None  # the archive's own mark is all there is to check without pg_restore
    done = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True)
    return (done.stderr.strip() or "pg_restore cannot read it") if done.returncode else None


def rules_in(path: Path) -> int | None:
    """How many rules a SQLite backup holds; None when it cannot be read (or is a dump)."""
    if not is_sqlite_file(path):
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            found = db.execute("SELECT count(*) FROM rules").fetchone()[0]
        db.close()
    except sqlite3.Error:
        return None
    return found


def _new_path(where: Path, kind: str, now: datetime, dialect: str) -> Path:
    suffix = "db" if dialect == "sqlite" else "dump"
    base = f"library-{now.astimezone(UTC):{STAMP}}-{kind}"
    path, n = where / f"{base}.{suffix}", 1
    while path.exists():
        n += 1
        path = where / f"{base}-{n}.{suffix}"
    return path


def make(
    engine: Engine, home: Path, kind: str = "manual", to: Path | None = None, now=None
) -> Backup:
    """One checked copy now, in the home's backups/ (or `to`); a daily one also rotates."""
    now = now or datetime.now(UTC)
    where = Path(to) if to else folder(home)
    if not to:
        where.mkdir(parents=True, exist_ok=True)
        where.chmod(0o700)
    path = _new_path(where, kind, now, engine.dialect.name)
    copy_to(engine, path)
    if kind == "daily":
        rotate(where)
    return Backup(path, now.astimezone(UTC), kind)


def before_upgrade(engine: Engine, home: Path, revision: str) -> Path:
    """The copy of a library about to be upgraded, beside it."""
    stamp = datetime.now(UTC).strftime(STAMP)
    to = Path(home) / f"{DB_NAME}.{revision}-{stamp}.bak"
    try:
        copy_to(engine, to)
    except LibraryError as err:
        raise LibraryError(f"cannot upgrade the library without a backup first: {err}") from err
    return to


def found_in(where: Path) -> list[Backup]:
    """The backups in a folder, newest first."""
    found: list[tuple[datetime, int, Backup]] = []
    try:
        names = [p for p in Path(where).iterdir() if p.is_file()]
    except OSError:
        return []
    for path in names:
        if m := NAMED.match(path.name):
            made = datetime.strptime(m[1], STAMP).replace(tzinfo=UTC)
            found.append((made, int(m[3] or 1), Backup(path, made, m[2])))
        elif m := BEFORE_UPGRADE.match(path.name):
            made = datetime.strptime(m[2], STAMP).replace(tzinfo=UTC)
            found.append((made, 0, Backup(path, made, "upgrade")))
    return [b for *_, b in sorted(found, key=lambda f: f[:2], reverse=True)]


def listed(home: Path) -> list[Backup]:
    """Every backup of the library in `home`, newest first: backups/, and those before upgrades."""
    both = found_in(folder(home)) + found_in(home)
    return sorted(both, key=lambda b: b.made, reverse=True)


def newest_good(home: Path) -> Backup | None:
    """The newest backup that checks out (most often the newest one of all)."""
    for backup in listed(home):
        if problem_in(backup.path) is None:
            return backup
    return None


def rotate(where: Path) -> list[Path]:
    """Keep the newest daily backup of each of the last 7 days it has, and of each of the last
    4 weeks; remove the other daily ones (manual ones stay). Returns what was removed."""
    daily = [b for b in found_in(where) if b.kind == "daily"]  # newest first
    keep: set[Path] = set()
    days: dict = {}
    weeks: dict = {}
    for b in daily:
        days.setdefault(b.made.date(), b)
        weeks.setdefault(b.made.isocalendar()[:2], b)
    keep |= {b.path for b in list(days.values())[:KEEP_DAYS]}
    keep |= {b.path for b in list(weeks.values())[:KEEP_WEEKS]}
    gone = [b.path for b in daily if b.path not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def due(home: Path, now: datetime | None = None) -> bool:
    """No backup of today yet (a daily or manual one, by UTC date)."""
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    made = [b.made.date() for b in found_in(folder(home)) if b.kind in ("daily", "manual")]
    return not made or max(made) != today


def daily(engine: Engine, home: Path, now: datetime | None = None) -> Backup | None:
    """Today's daily backup, when there is none yet; None when it was already made."""
    if not due(home, now):
        return None
    return make(engine, home, "daily", now=now)


def set_aside_name(home: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    path, n = Path(home) / f"library-set-aside-{stamp}.db", 1
    while any(Path(f"{path}{end}").exists() for end in ("", "-wal", "-shm")):
        n += 1
        path = Path(home) / f"library-set-aside-{stamp}-{n}.db"
    return path


def restore_sqlite(home: Path, backup: Path) -> Path | None:
    """Put a SQLite backup in the place of the home's library.db. The file it replaces moves
    aside with its -wal and -shm (so that, opened again, it is as it was), never deleted;
    returns where it went (None when there was none)."""
    problem = problem_in(backup)
    if problem:
        raise LibraryError(f"the backup {backup} is damaged too ({problem}); choose another")
    home = Path(home)
    current = home / DB_NAME
    aside = None
    if any(Path(f"{current}{end}").exists() for end in ("", "-wal", "-shm")):
        aside = set_aside_name(home)
        for end in ("", "-wal", "-shm"):
            if Path(f"{current}{end}").exists():
                Path(f"{current}{end}").rename(f"{aside}{end}")
    incoming = home / f".{DB_NAME}.restoring"
    incoming.unlink(missing_ok=True)
    try:
        with (
            sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as src,
            sqlite3.connect(incoming) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        src.close()
        dst.close()
        incoming.chmod(0o600)
        incoming.rename(current)
    except (sqlite3.Error, OSError) as err:
        incoming.unlink(missing_ok=True)
        raise LibraryError(f"cannot restore {backup}: {err}") from err
    return aside


def restore_postgres(home: Path, url: str, backup: Path) -> Path | None:
    """pg_restore a pg_dump archive over the library's database, after dumping what is there
    now into backups/ (when it can still be read) so that nothing is lost."""
    if not shutil.which("pg_restore"):
        raise LibraryError("cannot restore a PostgreSQL library: pg_restore is missing")
    problem = problem_in(backup)
    if problem:
        raise LibraryError(f"the backup {backup} is damaged ({problem}); choose another")
    aside = folder(home) / f"library-set-aside-{datetime.now(UTC):{STAMP}}.dump"
    aside.parent.mkdir(parents=True, exist_ok=True)
    dumped = _pg_dump(url, aside)
    if dumped.returncode:
        aside.unlink(missing_ok=True)
        aside = None
    done = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_pg_url(url)}",
            str(backup),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        said = done.stderr.strip().splitlines()[-1:] or ["pg_restore failed"]
        raise LibraryError(f"cannot restore {backup}: {said[0]}")
    return aside


def age(backup: Backup, now: datetime | None = None) -> str:
    """How long ago, in plain words."""
    gone = (now or datetime.now(UTC)) - backup.made
    if gone < timedelta(minutes=1):
        return "just now"
    if gone < timedelta(hours=1):
        return f"{gone.seconds // 60} min ago"
    if gone < timedelta(days=1):
        return f"{gone.seconds // 3600} h ago"
    return f"{gone.days} days ago" if gone.days > 1 else "a day ago"
