"""The library: one object over its database, made of one part per aggregate.

Every stage talks to the library through it; each part (items.py, days.py, events.py,
people.py, evidence.py, rules.py, settings.py, notifications.py) holds the queries of
one aggregate, over the engine and codecs the parts share (database.py, codecs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from gentle_memories.library.database import engine_for, prepare
from gentle_memories.library.days import DayReads
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.events import EventStore
from gentle_memories.library.evidence import EvidenceStore
from gentle_memories.library.items import ItemStore
from gentle_memories.library.location import DB_NAME, database_url, remember, shown
from gentle_memories.library.notifications import NotificationStore
from gentle_memories.library.people import PeopleStore
from gentle_memories.library.rules import RuleStore
from gentle_memories.library.settings import SettingStore


@dataclass
class Library(
    ItemStore,
    DayReads,
    EventStore,
    PeopleStore,
    EvidenceStore,
    RuleStore,
    SettingStore,
    NotificationStore,
):
    """One person's library: a SQLite file under the library home, or a PostgreSQL database."""

    home: Path
    engine: Engine

    @classmethod
    def open(cls, home: Path, db: str | None = None) -> Library:
        """The library in `home`: its SQLite file, or the database at `db` (or
        $GENTLE_MEMORIES_DB), such as postgresql://..., with its pictures still in home."""
        home = Path(home)
        try:
            if not home.exists():
                home.mkdir(parents=True)
                home.chmod(0o700)  # private memories: only the person reads them
        except OSError as err:
            raise LibraryError(f"cannot create the library home {home}: {err.strerror}") from err
        url, new_binding = database_url(home, db)
        engine = engine_for(url)
        where = str(home / DB_NAME) if url.startswith("sqlite") else shown(url)
        try:
            prepare(engine, home)
        except Exception as err:
            raise LibraryError(f"cannot open the library {where}: {err}") from err
        if new_binding:
            remember(home, url)
        return cls(home, engine)

    def close(self) -> None:
        self.engine.dispose()
