"""Where a library's database lives: the SQLite file in its home, or a database server.

A home used once with a server (`--db URL`, or $GENTLE_MEMORIES_DB for a new library)
remembers it, as a secret beside the pictures, so that a cron run or the server started
without the option never opens an empty SQLite library in its place.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import make_url

from gentle_memories import secrets
from gentle_memories.library.errors import LibraryError

DB_NAME = "library.db"
DB_ENV = "GENTLE_MEMORIES_DB"
BINDING = "database.json"


def shown(url: str) -> str:
    """The URL without its password."""
    return make_url(url).render_as_string(hide_password=True)


def database_url(home: Path, asked: str | None = None) -> tuple[str, bool]:
    """The database of the library in `home`, and whether the home is to remember it
    once it opens.

    Asked for (--db): that one, which a home already bound to another refuses. Not
    asked: the one the home remembers, else its SQLite file if it has one, else
    $GENTLE_MEMORIES_DB (the default for a new library), else a new SQLite file."""
    sqlite = f"sqlite:///{home / DB_NAME}"
    bound = (secrets.read(home / BINDING, "the library's database") or {}).get("url")
    if asked is None:
        if bound or (home / DB_NAME).exists():
            return bound or sqlite, False
        asked = os.environ.get(DB_ENV) or sqlite
    if asked.startswith("sqlite"):
        return asked, False
    if bound and make_url(bound) != make_url(asked):
        raise LibraryError(
            f"the library home {home} uses the database {shown(bound)}; "
            "leave out --db, or give another --home"
        )
    if not bound and (home / DB_NAME).exists():
        raise LibraryError(
            f"the library home {home} holds a SQLite library; give a new --home for {shown(asked)}"
        )
    return asked, not bound


def remember(home: Path, url: str) -> None:
    secrets.write(home / BINDING, {"url": url})
