"""The library: one object over its database, made of one part per aggregate.

Every stage talks to the library through it; each part (items.py, days.py, events.py,
people.py, evidence.py, rules.py, settings.py, notifications.py) holds the queries of
one aggregate, over the engine and codecs the parts share (database.py, codecs.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine

from gentle_memories.library import backups, decisions, integrity
from gentle_memories.library.database import engine_for, prepare
from gentle_memories.library.day_places import DayPlaceStore
from gentle_memories.library.days import DayReads
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.events import EventStore
from gentle_memories.library.evidence import EvidenceStore
from gentle_memories.library.integrity import DamagedLibrary
from gentle_memories.library.items import ItemStore
from gentle_memories.library.location import DB_NAME, database_url, remember, shown
from gentle_memories.library.notifications import NotificationStore
from gentle_memories.library.people import PeopleStore
from gentle_memories.library.rules import RuleStore
from gentle_memories.library.settings import SettingStore
from gentle_memories.library.users import User, UserStore

log = logging.getLogger(__name__)


@dataclass
class Library(
    ItemStore,
    DayPlaceStore,
    DayReads,
    EventStore,
    PeopleStore,
    EvidenceStore,
    RuleStore,
    SettingStore,
    NotificationStore,
    UserStore,
):
    """One person's library: a SQLite file under the library home, or a PostgreSQL database."""

    home: Path
    engine: Engine
    viewer: User | None = None
    """Whose rules, settings and notifications this view reads and writes (for_user)."""

    @classmethod
    def open(cls, home: Path, db: str | None = None, quick_check: bool = False) -> Library:
        """The library in `home`: its SQLite file, or the database at `db` (or
        $GENTLE_MEMORIES_DB), such as postgresql://..., with its pictures still in home.

        A damaged library does not open (integrity.py): the cheap checks always, SQLite's
        quick_check with `quick_check` (the server's start-up, an import)."""
        home = Path(home)
        try:
            if not home.exists():
                home.mkdir(parents=True)
                home.chmod(0o700)  # private memories: only the person reads them
        except OSError as err:
            raise LibraryError(f"cannot create the library home {home}: {err.strerror}") from err
        url, new_binding = database_url(home, db)
        integrity.before_open(url, home)
        engine = engine_for(url, home)
        where = str(home / DB_NAME) if url.startswith("sqlite") else shown(url)
        try:
            created = prepare(engine, home)
            if created:  # a new library in this home: decisions kept for an older one go aside
                decisions.set_aside(home)
            integrity.on_open(engine, home, quick_check)
        except DamagedLibrary:
            engine.dispose()
            raise
        except Exception as err:
            engine.dispose()
            raise LibraryError(f"cannot open the library {where}: {err}") from err
        if new_binding:
            remember(home, url)
        return cls(home, engine)

    def back_up(self, to: Path | None = None) -> backups.Backup:
        """A whole, checked copy now, in backups/ (or `to`, with the decisions JSON beside)."""
        made = backups.make(self.engine, self.home, "manual", to)
        decisions.keep(self.engine, self.home)
        if to:
            decisions.keep_in(self.engine, Path(to))
        return made

    def daily_backup(self) -> backups.Backup | None:
        """The day's backup, rotated, when there is none yet (the server's daily wake-up)."""
        return backups.daily(self.engine, self.home)

    def decided(self) -> None:
        """After each change to the rules, users or settings: the decisions JSON, and the
        day's first whole backup (later ones wait for the next day: a change is cheap)."""
        try:
            decisions.keep(self.engine, self.home)
            backups.daily(self.engine, self.home)
        except (LibraryError, OSError) as err:
            log.warning("the decisions were saved, but not kept aside: %s", err)

    def close(self) -> None:
        self.engine.dispose()

    def for_user(self, name: str | None) -> Library:
        """The same library as one user sees it; None: as its only user does."""
        if not name:
            return self
        found = self.user_named(name)
        if found is None:
            known = ", ".join(u.name for u in self.users())
            raise LibraryError(f"there is no user called {name} (users: {known})")
        return self.as_user(found)

    def as_user(self, user: User) -> Library:
        """The same library as this user (already found, as a signed-in one is) sees it."""
        return replace(self, viewer=user)

    @property
    def user(self) -> User:
        """The user this view is for: the one chosen, or the library's only one."""
        if self.viewer is not None:
            return self.viewer
        everyone = self.users()
        if len(everyone) != 1:
            names = ", ".join(u.name for u in everyone)
            raise LibraryError(f"this library has several users ({names}): say whose, --user NAME")
        return everyone[0]
