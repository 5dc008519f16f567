"""What people decided, as JSON a person can read: rules, users and settings.

After every change to them, the library writes the whole of it to backups/decisions.json in
its home (0600: it holds the users' password hashes), so that the decisions outlive a damaged
library file and can be carried without the engine. Each change is counted in the database
(database.DECISIONS_COUNT), and the file says which count it holds: a library whose count is
behind its file's has lost changes (a write-ahead log left behind, an older file copied in),
and a restore puts the file's decisions back over the backup it restores.

One user's part of it (their rules and settings, no password) is what `memories rules
--export` writes and `--import` reads (curate/rule_file.py checks each rule).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, select, text

from gentle_memories import secrets
from gentle_memories.library import schema as s
from gentle_memories.library.backups import folder
from gentle_memories.library.codecs import rule_of
from gentle_memories.library.database import DECISIONS_COUNT, upsert
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.records import Rule

FILE = "decisions.json"
KIND = "gentle-memories decisions"
VERSION = 1
MACHINE_STATE = ("immich.", "library.")
"""Household settings that are a photo server's state or the library's own, not decisions:
the next import rebuilds them."""


def path(home: Path) -> Path:
    return folder(home) / FILE


def count(conn: Connection) -> int:
    value = conn.execute(select(s.settings.c.value).where(s.settings.c.key == DECISIONS_COUNT))
    found = value.scalar()
    return int(found) if found else 0


def rule_json(rule: Rule) -> dict:
    """A rule as it is said, and its parts."""
    return {
        "id": rule.id,
        "said": rule.describe(),
        "action": rule.action,
        "target": rule.target,
        "value": rule.value,
        "from": rule.date_from.isoformat() if rule.date_from else None,
        "to": rule.date_to.isoformat() if rule.date_to else None,
        "until": rule.until.isoformat() if rule.until else None,
        "created_at": rule.created_at,
    }


def _settings(conn: Connection, table, *where) -> dict:
    query = select(table.c.key, table.c.value).where(*where).order_by(table.c.key)
    return dict(conn.execute(query).all())


def of_user(conn: Connection, user_id: int) -> dict:
    """One user's rules and settings."""
    r = s.rules.c
    rules = conn.execute(select(s.rules).where(r.user_id == user_id).order_by(r.id))
    return {
        "rules": [rule_json(rule_of(row)) for row in rules],
        "settings": _settings(conn, s.user_settings, s.user_settings.c.user_id == user_id),
    }


def _household(conn: Connection) -> dict:
    found = _settings(conn, s.settings)
    return {k: v for k, v in found.items() if not k.startswith(MACHINE_STATE)}


def whole(conn: Connection) -> dict:
    """Everything people decided in this library, with the count of changes it holds."""
    users = []
    for row in conn.execute(select(s.users).order_by(s.users.c.id)):
        users.append(
            {
                "id": row.id,
                "name": row.name,
                "admin": bool(row.admin),
                "password": row.password,
                "created_at": row.created_at,
                **of_user(conn, row.id),
            }
        )
    return {
        "kind": KIND,
        "version": VERSION,
        "count": count(conn),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "users": users,
        "household_settings": _household(conn),
    }


def read(file: Path) -> dict | None:
    """A file of the library's decisions, None when there is none."""
    data = secrets.read(file, "the kept decisions")
    if data is not None and (data.get("kind") != KIND or "users" not in data):
        raise LibraryError(f"{file} is not a file of the library's decisions")
    return data


def kept(home: Path) -> dict | None:
    """The decisions last written beside the backups, None when there are none."""
    return read(path(home))


def kept_count(home: Path) -> int:
    try:
        data = kept(home)
    except LibraryError:
        return 0
    return int((data or {}).get("count") or 0)


def keep(engine: Engine, home: Path) -> Path:
    """Write the library's decisions beside its backups (an older count never overwrites a
    newer one, when two writers race)."""
    with engine.connect() as conn:
        data = whole(conn)
    if data["count"] < kept_count(home):
        return path(home)
    folder(home).mkdir(parents=True, exist_ok=True)
    folder(home).chmod(0o700)
    secrets.write(path(home), data)
    return path(home)


def keep_in(engine: Engine, where: Path) -> Path:
    """The decisions in another folder, beside a backup made there."""
    with engine.connect() as conn:
        data = whole(conn)
    secrets.write(where / FILE, data)
    return where / FILE


def set_aside(home: Path) -> Path | None:
    """Move the kept decisions aside (a new library begins in this home); None: there were none."""
    kept_file = path(home)
    if not kept_file.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = kept_file.with_name(f"decisions-before-{stamp}.json")
    kept_file.rename(aside)
    return aside


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def put_back(engine: Engine, data: dict) -> int:
    """Make the library's rules, users and settings those of `data` (kept decisions): users by
    id (none removed), every rule and user setting replaced, household settings set. Returns
    how many rules it holds now."""
    users, rules, user_settings = [], [], []
    for user in data.get("users", []):
        users.append({k: user[k] for k in ("id", "name", "admin", "password", "created_at")})
        for rule in user.get("rules", []):
            rules.append(
                {
                    "id": rule["id"],
                    "user_id": user["id"],
                    "action": rule["action"],
                    "target": rule["target"],
                    "value": rule.get("value") or "",
                    "date_from": _day(rule.get("from")),
                    "date_to": _day(rule.get("to")),
                    "until": _day(rule.get("until")),
                    "created_at": rule.get("created_at") or "",
                }
            )
        for key, value in user.get("settings", {}).items():
            user_settings.append({"user_id": user["id"], "key": key, "value": value})
    household = [{"key": k, "value": v} for k, v in data.get("household_settings", {}).items()]
    with engine.begin() as conn:
        names = {u["name"].casefold(): u["id"] for u in users}
        for row in conn.execute(select(s.users.c.id, s.users.c.name)):
            if names.get(row.name.casefold(), row.id) != row.id:  # the name moves to its id
                conn.execute(
                    s.users.update()
                    .where(s.users.c.id == row.id)
                    .values(name=f"{row.name} (before restore {row.id})")
                )
        if users:
            upsert(conn, s.users, users)
        conn.execute(delete(s.rules))
        if rules:
            conn.execute(s.rules.insert(), rules)
        conn.execute(delete(s.user_settings))
        if user_settings:
            conn.execute(s.user_settings.insert(), user_settings)
        if household:
            upsert(conn, s.settings, household)
        at_least = max(int(data.get("count") or 0), count(conn))
        upsert(conn, s.settings, {"key": DECISIONS_COUNT, "value": str(at_least)})
        if conn.dialect.name == "postgresql":
            for table in ("users", "rules"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )
        return conn.execute(select(func.count()).select_from(s.rules)).scalar()
