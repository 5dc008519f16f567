"""The database under the library: its engine on SQLite or PostgreSQL, its schema and upgrades,
and the few statements every part of the library shares."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    cast,
    create_engine,
    event,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import Integer as IntegerType
from sqlalchemy import Text as TextType
from sqlalchemy.exc import DBAPIError

from gentle_memories.library import integrity
from gentle_memories.library import schema as s
from gentle_memories.library.backups import before_upgrade
from gentle_memories.library.errors import LibraryError


def visible_to(owner, user_id: int):
    """The household's rows, and this user's own private ones."""
    return or_(owner.is_(None), owner == user_id)


FIRST_USER = "me"
"""The one user of a library nobody has added users to (`memories user rename` names them)."""


def stamp_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def engine_for(url: str, home: Path | None = None) -> Engine:
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))

    @event.listens_for(engine, "handle_error")
    def _plainly(context) -> None:
        """The database's own words, in the library's own error: no stage sees SQLAlchemy's.
        A SQLite file that says it is damaged stops every command, naming a backup: no
        answer is ever made from what can still be read of it."""
        if isinstance(context.sqlalchemy_exception, DBAPIError):
            said = context.original_exception
            if home is not None and integrity.is_damage(said):
                raise integrity.damaged(home, str(said)) from said
            raise LibraryError(f"the library could not be read or written: {said}") from said

    if not url.startswith("sqlite"):
        return engine

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    return engine


def upsert(conn: Connection, table, rows: list[dict] | dict, replace: bool = True):
    """Insert rows; one whose key is taken replaces the old row (or, without `replace`,
    is left out): the dialect's own ON CONFLICT, the same on SQLite and PostgreSQL. The
    result returns the keys of the rows written (a row count is not told by every driver)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(table)
    keys = [c.name for c in table.primary_key]
    if replace:
        others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
        statement = statement.on_conflict_do_update(index_elements=keys, set_=others)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    if isinstance(rows, dict):
        statement = statement.returning(*table.primary_key.columns)
    return conn.execute(statement, rows)


def _alembic_config(conn: Connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def prepare(engine: Engine, home: Path) -> bool:
    """Create a new library, or upgrade an older one after copying it aside; True: created."""
    with engine.begin() as conn:
        revision = _revision(conn)
        if revision == s.SCHEMA_REVISION:
            return False
        from alembic import command

        if revision is None:
            s.metadata.create_all(conn)
            first = {"name": FIRST_USER, "password": "", "admin": True}  # its id is 1
            conn.execute(insert(s.users).values(created_at=stamp_now(), **first))
            command.stamp(_alembic_config(conn), "head")
            return True
    before_upgrade(engine, home, revision)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    return False


MAX_ID = (1 << 31) - 1
"""The largest integer key or count every database holds (PostgreSQL's integer)."""


def chunks(values: Sequence, size: int = 500) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def lookup(conn: Connection, key, value, wanted: Sequence[str]) -> dict[str, str]:
    """{key: value} for the rows whose key is among `wanted`, a few hundred at a time."""
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(wanted))):
        found.update((k, v) for k, v in conn.execute(select(key, value).where(key.in_(chunk))))
    return found


DECISIONS_COUNT = "library.decisions"
"""The setting that counts the changes to what people decided (decisions.py)."""


def count_a_decision(conn: Connection) -> None:
    """One more change to the rules, users or settings, in the transaction that makes it."""
    value = s.settings.c.value
    bumped = cast(cast(value, IntegerType) + 1, TextType)
    done = conn.execute(
        update(s.settings).where(s.settings.c.key == DECISIONS_COUNT).values(value=bumped)
    )
    if not done.rowcount:
        upsert(conn, s.settings, {"key": DECISIONS_COUNT, "value": 1})


class Stored:
    """What every part of the library shares: its engine, and transactions on it."""

    engine: Engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def deciding(self) -> Iterator[Connection]:
        """A transaction that changes what people decided (rules, users, settings): it counts
        the change, and once it is committed the decisions are kept aside (`decided`)."""
        with self.transaction() as conn:
            yield conn
            count_a_decision(conn)
        self.decided()

    def decided(self) -> None:
        """Called after each committed change to the decisions (the library keeps a copy)."""
