"""The read/write API over the library database. Every stage talks to the store through this."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError

from gentle_memories.items import Item, Place, StoredItem, container
from gentle_memories.library import schema as s
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.location import DB_NAME, database_url, remember, shown
from gentle_memories.library.records import Event, Rule, SceneMatch, Signal, Trip

FS_PREFIX = "fs-bytes:"


@dataclass(frozen=True)
class DaysAsked:
    """Which items `today` may offer: these month-days, in years before `before`."""

    month_days: tuple[str, ...]
    before: date
    with_file_dates: bool = False
    hidden: frozenset[str] = frozenset()
    within: tuple[date, date] | None = None
    """Only these dates, first to last (a trip); the month-days still pick the index."""

    def where(self) -> list:
        c = s.items.c
        found = [
            c.month_day.in_(self.month_days),
            c.local_date < self.before.isoformat(),
            c.offered.is_(True),
        ]
        if self.within:
            found.append(c.local_date.between(*(d.isoformat() for d in self.within)))
        if not self.with_file_dates:
            found.append(c.date_confidence != "file_time")
        return found


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))

    @event.listens_for(engine, "handle_error")
    def _plainly(context) -> None:
        """The database's own words, in the library's own error: no stage sees SQLAlchemy's."""
        if isinstance(context.sqlalchemy_exception, DBAPIError):
            said = context.original_exception
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


def _upsert(conn: Connection, table, rows: list[dict] | dict, replace: bool = True):
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


def _prepare(engine: Engine, home: Path) -> None:
    """Create a new library, or upgrade an older one after copying it aside."""
    with engine.begin() as conn:
        revision = _revision(conn)
        if revision == s.SCHEMA_REVISION:
            return
        from alembic import command

        if revision is None:
            s.metadata.create_all(conn)
            command.stamp(_alembic_config(conn), "head")
            return
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    _back_up(engine, home / f"{DB_NAME}.{revision}-{stamp}.bak")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def _back_up(engine: Engine, to: Path) -> None:
    """A whole copy of the library before an upgrade: SQLite's online backup, or
    pg_dump's custom format for PostgreSQL (restored with pg_restore)."""
    if engine.dialect.name == "sqlite":
        import sqlite3

        with engine.connect() as conn, sqlite3.connect(to) as copy:
            conn.connection.driver_connection.backup(copy)
        return
    import shutil
    import subprocess

    if not shutil.which("pg_dump"):
        raise LibraryError("cannot back up the library before upgrading it: pg_dump is missing")
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(
        ["pg_dump", "--format=custom", f"--file={to}", url], capture_output=True, text=True
    )
    if done.returncode:
        raise LibraryError(f"cannot back up the library before upgrading it: {done.stderr}")


def db_uri(uri: str) -> str:
    """A uri as stored: file names that are not valid UTF-8 keep their bytes, percent-encoded."""
    try:
        uri.encode("utf-8")
    except UnicodeEncodeError:
        return FS_PREFIX + quote(os.fsencode(uri), safe="/")
    return uri


def py_uri(stored: str) -> str:
    if stored.startswith(FS_PREFIX):
        return os.fsdecode(unquote_to_bytes(stored[len(FS_PREFIX) :]))
    return stored


MAX_ID = (1 << 31) - 1
"""The largest integer key or count every database holds (PostgreSQL's integer)."""


def _chunks(values: Sequence, size: int = 500) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _lookup(conn: Connection, key, value, wanted: Sequence[str]) -> dict[str, str]:
    """{key: value} for the rows whose key is among `wanted`, a few hundred at a time."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(wanted))):
        found.update((k, v) for k, v in conn.execute(select(key, value).where(key.in_(chunk))))
    return found


def _free_id(content_hash: str, taken: set[str]) -> str:
    """Ids come from the content hash; a longer one when a file edited in place kept it."""
    for length in (16, 24, 40):
        candidate = content_hash[:length]
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise LibraryError(f"no free id for content {content_hash}")


def still_there(stored: str) -> bool:
    """Whether the file a stored uri points into exists: a path, a zip, an export's JSON."""
    return container(py_uri(stored)).exists()


def _dumps(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _item_row(item: Item) -> dict:
    place = item.place or Place()
    local = item.local_date
    return {
        "content_hash": item.content_hash,
        "source": item.source,
        "uri": db_uri(item.uri),
        "kind": item.kind,
        "taken_at": item.taken_at.isoformat() if item.taken_at else None,
        "local_date": local.isoformat() if local else None,
        "month_day": local.strftime("%m-%d") if local else None,
        "date_confidence": item.date_confidence,
        "date_source": item.date_source,
        "caption": item.caption,
        "title": item.title,
        "keywords": _dumps(item.keywords),
        "albums": _dumps(item.albums),
        "people": _dumps(item.people),
        "lat": place.lat,
        "lon": place.lon,
        "place_name": place.name,
        "width": item.width,
        "height": item.height,
        "fingerprint": item.fingerprint,
        "clutter": item.clutter,
        "offered": item.offered,
        "favourite": item.favourite,
        "notes": _dumps(item.notes),
    }


_CONFIDENCE = {"exact": 2, "inferred": 1, "file_time": 0}
_DATE_FIELDS = ("taken_at", "local_date", "month_day", "date_confidence", "date_source")
_LIST_FIELDS = ("keywords", "albums", "people", "notes")


def _merged(old, new: dict) -> dict:
    """A copy found elsewhere adds what it knows: lists are joined, words and the better
    date are kept, and the item stays where it was first found."""
    merged = {k: old[k] for k in new}
    for key in _LIST_FIELDS:
        values = json.loads(old[key]) + json.loads(new[key])
        merged[key] = _dumps(list(dict.fromkeys(values)))
    for key, value in new.items():
        if key not in _LIST_FIELDS and not old[key] and value:
            merged[key] = value
    if _CONFIDENCE[new["date_confidence"]] > _CONFIDENCE[old["date_confidence"]]:
        merged.update({k: new[k] for k in _DATE_FIELDS})
    return merged


def _list(stored: str) -> list:
    return json.loads(stored) if stored != "[]" else []


def _stored(row) -> StoredItem:
    m = row._mapping
    place = (
        Place(m["lat"], m["lon"], m["place_name"])
        if m["lat"] is not None or m["place_name"]
        else None
    )
    return StoredItem(
        source=m["source"],
        uri=py_uri(m["uri"]),
        kind=m["kind"],
        content_hash=m["content_hash"],
        taken_at=datetime.fromisoformat(m["taken_at"]) if m["taken_at"] else None,
        date_confidence=m["date_confidence"],
        date_source=m["date_source"],
        caption=m["caption"],
        title=m["title"],
        keywords=_list(m["keywords"]),
        albums=_list(m["albums"]),
        people=_list(m["people"]),
        place=place,
        width=m["width"],
        height=m["height"],
        fingerprint=m["fingerprint"],
        clutter=m["clutter"],
        offered=bool(m["offered"]),
        favourite=bool(m["favourite"]),
        notes=_list(m["notes"]),
        id=m["id"],
        event_id=m["event_id"],
        day_rank=m["day_rank"],
        collapsed_into=m["collapsed_into"],
    )


def _rule(row) -> Rule:
    m = row._mapping
    as_date = lambda v: date.fromisoformat(v) if v else None  # noqa: E731
    return Rule(
        id=m["id"],
        action=m["action"],
        target=m["target"],
        value=m["value"],
        date_from=as_date(m["date_from"]),
        date_to=as_date(m["date_to"]),
        until=as_date(m["until"]),
        created_at=m["created_at"],
    )


@dataclass(frozen=True)
class KnownFileStates:
    """KnownFiles for importers, as the library was when the import began."""

    states: dict[str, tuple[int, int]]

    def unchanged(self, uri: str, size: int, mtime_ns: int) -> bool:
        return self.states.get(uri) == (size, mtime_ns)


@dataclass
class Library:
    """One person's library: a SQLite file under the library home."""

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
        engine = _engine(url)
        where = str(home / DB_NAME) if url.startswith("sqlite") else shown(url)
        try:
            _prepare(engine, home)
        except Exception as err:
            raise LibraryError(f"cannot open the library {where}: {err}") from err
        if new_binding:
            remember(home, url)
        return cls(home, engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- importing -------------------------------------------------------

    def known_files(self) -> KnownFileStates:
        """What the library knows of every file, read in one query: the importers ask it
        about each file they meet, and one query per file would cost more than reading."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.files.c.uri, s.files.c.size, s.files.c.mtime_ns))
            return KnownFileStates({py_uri(u): (size, mtime) for u, size, mtime in rows})

    def save(self, conn: Connection, item: Item) -> str:
        return self.save_all(conn, [item])[0]

    def save_all(self, conn: Connection, found: Sequence[Item]) -> list[str]:
        """Store items, each found at its uri: "imported", "updated", "unchanged" or "copy".

        The same bytes found at another path are the same item: a moved file, or a
        copy whose words and names are merged into it. A file edited in place keeps
        its item, and so its rules. A batch costs a few queries, not a few per item.
        """
        rows = [_item_row(item) for item in found]
        by_file = _lookup(conn, s.files.c.uri, s.files.c.item_id, [r["uri"] for r in rows])
        by_hash = _lookup(
            conn, s.items.c.content_hash, s.items.c.id, [i.content_hash for i in found]
        )
        olds = {
            r.id: r._mapping
            for ids in _chunks(sorted({*by_file.values(), *by_hash.values()}))
            for r in conn.execute(select(s.items).where(s.items.c.id.in_(ids)))
        }
        ids = [i.content_hash[:16] for i in found]
        taken = set(_lookup(conn, s.items.c.id, s.items.c.content_hash, ids))
        new_items, new_files, statuses = [], [], []
        people: dict[str, list[str]] = {}
        now = _now()
        for item, row in zip(found, rows, strict=True):
            uri = row["uri"]
            item_id = by_hash.get(item.content_hash) or by_file.get(uri)
            if item_id is None:
                item_id = _free_id(item.content_hash, taken)
                olds[item_id] = {"id": item_id, "added_at": now, "updated_at": now, **row}
                new_items.append(olds[item_id])
                by_hash[item.content_hash] = item_id
                status = "imported"
            else:
                old = olds[item_id]
                copy = uri not in by_file and still_there(old["uri"])
                row = _merged(old, row) if copy else row
                changed = {k: v for k, v in row.items() if old[k] != v and k != "uri"}
                if changed:
                    conn.execute(
                        update(s.items)
                        .where(s.items.c.id == item_id)
                        .values(updated_at=now, day_rank=None, **changed)
                    )
                    olds[item_id] = {**old, **changed}
                conn.execute(delete(s.item_people).where(s.item_people.c.item_id == item_id))
                status = "copy" if copy else "updated" if changed else "unchanged"
            file_row = {
                "item_id": item_id,
                "source": item.source,
                "size": item.size,
                "mtime_ns": item.mtime_ns,
            }
            if uri in by_file:
                conn.execute(update(s.files).where(s.files.c.uri == uri).values(**file_row))
            else:
                new_files.append({"uri": uri, **file_row})
                by_file[uri] = item_id
            if status != "imported":
                self._point_uri_at_a_file(conn, item_id, uri)
            people[item_id] = sorted(set(json.loads(row["people"])))
            statuses.append(status)
        named = [{"item_id": i, "name": n} for i, names in people.items() for n in names]
        for table, values in ((s.items, new_items), (s.files, new_files), (s.item_people, named)):
            if values:
                conn.execute(insert(table), values)
        return statuses

    def ids_by_hash(self, content_hashes: Sequence[str]) -> dict[str, str]:
        """The ids of saved items by their content hash, for work done after their save."""
        with self.engine.connect() as conn:
            return _lookup(conn, s.items.c.content_hash, s.items.c.id, content_hashes)

    def _point_uri_at_a_file(self, conn: Connection, item_id: str, uri: str) -> None:
        """An item's uri stays where it was unless that file is gone from the library."""
        current = conn.execute(select(s.items.c.uri).where(s.items.c.id == item_id)).scalar()
        known = conn.execute(select(s.files.c.uri).where(s.files.c.uri == current)).first()
        if not known or not still_there(current):
            conn.execute(update(s.items).where(s.items.c.id == item_id).values(uri=uri))

    def forget_files(self, conn: Connection, uris: Iterable[str]) -> int:
        """Files gone from a source: forget where they were; their items and rules stay."""
        uris = [db_uri(u) for u in uris]
        if uris:
            conn.execute(delete(s.files).where(s.files.c.uri.in_(uris)))
        return len(uris)

    def file_uris(self, source: str, under: str) -> set[str]:
        """Every file of a source under a folder, to find the ones gone since the last import."""
        prefix = under.rstrip("/") + "/"
        near = db_uri(prefix)
        near = near if not near.startswith(FS_PREFIX) else FS_PREFIX
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.files.c.uri).where(
                    s.files.c.source == source,
                    s.files.c.uri.startswith(near, autoescape=True)
                    | s.files.c.uri.startswith(FS_PREFIX, autoescape=True),
                )
            )
            return {u for u in (py_uri(r.uri) for r in rows) if u.startswith(prefix)}

    def start_import(self, paths: Sequence[str]) -> int:
        with self.transaction() as conn:
            return conn.execute(
                insert(s.import_runs).values(started_at=_now(), paths=_dumps(paths), summary="{}")
            ).inserted_primary_key[0]

    def finish_import(self, run_id: int, summary: dict) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(s.import_runs)
                .where(s.import_runs.c.id == run_id)
                .values(finished_at=_now(), summary=json.dumps(summary, ensure_ascii=False))
            )

    # --- reading items ---------------------------------------------------

    def item(self, item_id: str) -> StoredItem | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(s.items).where(s.items.c.id == item_id)).first()
        return _stored(row) if row else None

    def day_overview(self, days: DaysAsked) -> list[tuple[date, int | None, bool, int]]:
        """(local date, event id, hidden by a rule, how many) of the items `today` may offer.

        Read from one covering index, not from the items: at a million items a month-day
        holds thousands of them. Near-identical copies (day rank 0) are not counted.
        """
        c = s.items.c
        hidden = c.id.in_(sorted(days.hidden))
        query = (
            select(c.local_date, c.event_id, hidden, func.count())
            .where(*days.where(), or_(c.day_rank.is_(None), c.day_rank != 0))
            .group_by(c.local_date, c.event_id, hidden)
        )
        with self.engine.connect() as conn:
            return [(date.fromisoformat(d), e, bool(h), n) for d, e, h, n in conn.execute(query)]

    def day_highlights(self, days: DaysAsked, per_day: int) -> list[StoredItem]:
        """The best-ranked items of each day asked about, and any not ranked yet, in time order."""
        c = s.items.c
        query = (
            select(s.items)
            .where(
                *days.where(),
                or_(c.day_rank.between(1, per_day + len(days.hidden)), c.day_rank.is_(None)),
                c.id.not_in(sorted(days.hidden)),
            )
            .order_by(c.taken_at)
        )
        with self.engine.connect() as conn:
            return [_stored(r) for r in conn.execute(query)]

    def copies_of(self, kept_ids: Iterable[str], hidden: Iterable[str]) -> list[StoredItem]:
        """The near-identical copies that collapse into these shots, but those hidden."""
        c = s.items.c
        found: list[StoredItem] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(kept_ids))):
                query = select(s.items).where(
                    c.collapsed_into.in_(chunk), c.id.not_in(sorted(hidden))
                )
                found += [_stored(r) for r in conn.execute(query)]
        return found

    def signals_on(self, days: DaysAsked) -> list[tuple[date, Signal]]:
        """Every signal of the items `today` may offer, with the item's date."""
        c = s.items.c
        query = (
            select(c.local_date, s.signals)
            .join(s.signals, s.signals.c.item_id == c.id)
            .where(*days.where(), c.id.not_in(sorted(days.hidden)))
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query)
            return [
                (date.fromisoformat(r[0]), Signal(r.item_id, r.kind, r.theme, r.score, r.reason))
                for r in rows
            ]

    def painful_in_events(
        self, event_ids: Iterable[int], min_score: float
    ) -> list[tuple[int, Signal]]:
        """(event id, signal) for every signal at or above min_score in these events."""
        ids = sorted(set(event_ids))
        found: list[tuple[int, Signal]] = []
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                query = (
                    select(s.items.c.event_id, s.signals)
                    .join(s.items, s.items.c.id == s.signals.c.item_id)
                    .where(
                        s.items.c.event_id.in_(ids[start : start + 500]),
                        s.signals.c.score >= min_score,
                    )
                )
                for row in conn.execute(query):
                    m = row._mapping
                    signal = Signal(m["item_id"], m["kind"], m["theme"], m["score"], m["reason"])
                    found.append((m["event_id"], signal))
        return found

    def calendar_on(self, month_days: Sequence[str], before: date) -> list[StoredItem]:
        """Calendar entries on these month-days in earlier years: context for those days."""
        query = select(s.items).where(
            s.items.c.kind == "calendar",
            s.items.c.month_day.in_(list(month_days)),
            s.items.c.local_date < before.isoformat(),
        )
        with self.engine.connect() as conn:
            return [_stored(r) for r in conn.execute(query)]

    def people_in_events(
        self, names: Iterable[str], event_ids: Iterable[int]
    ) -> dict[int, set[str]]:
        """Which of these events each named person appears in (names in lower case).

        Asked as "is anyone called N in event E", which stops at the first photo of them:
        an event of a busy day holds hundreds of items and their people."""
        lowered = sorted({n.casefold() for n in names})
        ids = sorted(set(event_ids))
        if not lowered or not ids:
            return {}
        present = (
            select(s.items.c.id)
            .join(s.item_people, s.items.c.id == s.item_people.c.item_id)
            .where(
                s.items.c.event_id == bindparam("event"),
                func.lower(s.item_people.c.name) == bindparam("name"),
            )
            .limit(1)
        )
        found: dict[int, set[str]] = {}
        with self.engine.connect() as conn:
            for event_id in ids:
                for name in lowered:
                    if conn.execute(present, {"event": event_id, "name": name}).first():
                        found.setdefault(event_id, set()).add(name)
        return found

    def timeline(
        self,
    ) -> Iterator[tuple[str, str, float | None, float | None, str, int | None]]:
        """(id, taken_at, lat, lon, albums, event_id) of every dated item in time order."""
        c = s.items.c
        query = (
            select(c.id, c.taken_at, c.lat, c.lon, c.albums, c.event_id)
            .where(c.taken_at.isnot(None), c.date_confidence != "file_time")
            .order_by(c.taken_at)
        )
        with self.engine.connect() as conn:
            yield from conn.execute(query)

    def count_items(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.items)).scalar_one()

    # --- understanding ---------------------------------------------------

    def day_rank_input(self) -> Iterator[StoredItem]:
        """The items of every day that holds a new or changed item (one not ranked yet),
        each with its rank so far, day by day."""
        c = s.items.c
        unranked = select(c.local_date).where(
            c.day_rank.is_(None), c.month_day.isnot(None), c.offered.is_(True)
        )
        query = (
            select(s.items)
            .where(c.local_date.in_(unranked.distinct()), c.offered.is_(True))
            .order_by(c.local_date)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield _stored(row)

    def set_day_ranks(self, ranks: dict[str, tuple[int, str | None]]) -> None:
        """Each item's (day rank, the shot it collapses into)."""
        if not ranks:
            return
        with self.transaction() as conn:
            conn.execute(
                update(s.items)
                .where(s.items.c.id == bindparam("b_item"))
                .values(day_rank=bindparam("b_rank"), collapsed_into=bindparam("b_into")),
                [{"b_item": i, "b_rank": r, "b_into": into} for i, (r, into) in ranks.items()],
            )

    def zone_guesses(self, suffix: str, near: timedelta) -> list[tuple[str, str, str]]:
        """(id, taken_at, date_source) of the items whose date source ends with `suffix` (a
        zone still guessed) on a day within `near` of a day with a new or changed item."""
        c = s.items.c
        with self.engine.connect() as conn:
            fresh = select(c.local_date).where(
                c.day_rank.is_(None), c.local_date.isnot(None), c.offered.is_(True)
            )
            days = {date.fromisoformat(d) for d in conn.execute(fresh.distinct()).scalars()}
            reach = range(-near.days - 1, near.days + 2)
            near_days = sorted({(d + timedelta(days=k)).isoformat() for d in days for k in reach})
            return [
                (row.id, row.taken_at, row.date_source)
                for chunk in _chunks(near_days)
                for row in conn.execute(
                    select(c.id, c.taken_at, c.date_source).where(
                        c.local_date.in_(chunk), c.date_source.endswith(suffix, autoescape=True)
                    )
                )
            ]

    def zone_witnesses(
        self, start: str, end: str
    ) -> Iterator[tuple[str, float | None, float | None, str, str]]:
        """(taken_at, lat, lon, date_source, kind) of the dated photos and videos whose
        taken_at text lies between start and end."""
        c = s.items.c
        query = select(c.taken_at, c.lat, c.lon, c.date_source, c.kind).where(
            c.taken_at.between(start, end),
            c.kind.in_(("photo", "video")),
            c.date_confidence != "file_time",
        )
        with self.engine.connect() as conn:
            yield from conn.execute(query)

    def set_taken_at(self, told: dict[str, tuple[datetime, str]]) -> None:
        """Give items a new taken_at and date source; the days they leave and join are
        ranked again."""
        if not told:
            return
        c = s.items.c
        rows = [
            {
                "b_item": item_id,
                "taken_at": taken_at.isoformat(),
                "local_date": taken_at.date().isoformat(),
                "month_day": taken_at.strftime("%m-%d"),
                "date_source": source,
            }
            for item_id, (taken_at, source) in told.items()
        ]
        with self.transaction() as conn:
            left = {
                day
                for chunk in _chunks(sorted(told))
                for day in conn.execute(select(c.local_date).where(c.id.in_(chunk))).scalars()
            }
            for chunk in _chunks(sorted(left)):
                conn.execute(update(s.items).where(c.local_date.in_(chunk)).values(day_rank=None))
            conn.execute(
                update(s.items).where(c.id == bindparam("b_item")).values(day_rank=None), rows
            )

    def events(self) -> dict[int, Event]:
        with self.engine.connect() as conn:
            return {row.id: Event(**row._mapping) for row in conn.execute(select(s.events))}

    def update_events(
        self, dropped: Iterable[int], written: Sequence[Event], members: dict[str, int]
    ) -> None:
        """Drop events (their items belong to none until told), write new or changed event
        rows, and move items into their events: only what changed is touched."""
        with self.transaction() as conn:
            for chunk in _chunks(sorted(dropped)):
                conn.execute(
                    update(s.items).where(s.items.c.event_id.in_(chunk)).values(event_id=None)
                )
                conn.execute(delete(s.events).where(s.events.c.id.in_(chunk)))
            if written:
                _upsert(conn, s.events, [vars(e) for e in written])
            if members:
                conn.execute(
                    update(s.items)
                    .where(s.items.c.id == bindparam("b_item"))
                    .values(event_id=bindparam("b_event")),
                    [{"b_item": i, "b_event": e} for i, e in members.items()],
                )

    def replace_trips(self, trips: Sequence[Trip]) -> None:
        rows = [
            {
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "month_day": f"{t.start:%m-%d}",
                "place": t.place,
                "item_count": t.item_count,
            }
            for t in trips
        ]
        with self.transaction() as conn:
            conn.execute(delete(s.trips))
            if rows:
                conn.execute(insert(s.trips), rows)

    def trips_starting(self, month_days: Sequence[str], before: date) -> list[Trip]:
        """Trips that began on these month-days in earlier years and were over by `before`."""
        c = s.trips.c
        query = select(s.trips).where(c.month_day.in_(list(month_days)), c.end < before.isoformat())
        with self.engine.connect() as conn:
            return [
                Trip(date.fromisoformat(r.start), date.fromisoformat(r.end), r.place, r.item_count)
                for r in conn.execute(query)
            ]

    def event(self, event_id: int) -> Event | None:
        if not 0 <= event_id <= MAX_ID:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(s.events).where(s.events.c.id == event_id)).first()
        return Event(**row._mapping) if row else None

    def words(self) -> Iterator[tuple[str, dict[str, list[str]]]]:
        """(item id, {"caption": [...], "keyword": [...], "album": [...]}) of every item
        with words a person wrote, each kind apart: an album's name is read once, not
        once per photo in it. A calendar entry's words come as "calendar", not "caption":
        a title such as "Vet" is a label, not a sentence."""
        cols = s.items.c
        query = select(cols.id, cols.kind, cols.title, cols.caption, cols.keywords, cols.albums)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                caption = "\n".join(p for p in (row.title, row.caption) if p)
                # most items have neither: "[]" needs no parsing (a re-import reads every row)
                keywords = ", ".join(json.loads(row.keywords)) if row.keywords != "[]" else ""
                albums = json.loads(row.albums) if row.albums != "[]" else ()
                said = "calendar" if row.kind == "calendar" else "caption"
                parts = {
                    said: [caption] if caption else [],
                    "keyword": [keywords] if keywords else [],
                    "album": [a for a in albums if a],
                }
                if any(parts.values()):
                    yield row.id, parts

    def cached_verdicts(self, text_hashes: Sequence[str], model: str) -> dict[str, dict]:
        """{text hash: verdict} for the hashes already read by this model version.

        A re-import asks for every text at once: rows come back as plain tuples, a few
        thousand hashes per query, and each distinct themes list is parsed once."""
        c = s.text_verdicts.c
        query = select(c.text_hash, c.painful, c.score, c.themes, c.reason).where(
            c.model == model, c.text_hash.in_(bindparam("hashes", expanding=True))
        )
        parsed: dict[str, tuple[str, ...]] = {}
        found: dict[str, dict] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(text_hashes), 5000):
                for h, painful, score, themes, reason in conn.execute(query, {"hashes": chunk}):
                    if themes not in parsed:
                        parsed[themes] = tuple(json.loads(themes))
                    found[h] = {
                        "text_hash": h,
                        "model": model,
                        "painful": painful,
                        "score": score,
                        "themes": list(parsed[themes]),
                        "reason": reason,
                    }
        return found

    def cache_verdicts(self, model: str, verdicts: dict[str, dict]) -> None:
        if not verdicts:
            return
        rows = [
            {
                "text_hash": h,
                "model": model,
                "painful": v["painful"],
                "score": v["score"],
                "themes": _dumps(v["themes"]),
                "reason": v["reason"],
            }
            for h, v in verdicts.items()
        ]
        with self.transaction() as conn:
            _upsert(conn, s.text_verdicts, rows)

    def replace_signals(self, kind: str, found: Sequence[Signal]) -> None:
        """Replace every signal of one kind, so a fresh look never keeps stale evidence."""
        with self.transaction() as conn:
            conn.execute(delete(s.signals).where(s.signals.c.kind == kind))
            if found:
                conn.execute(
                    insert(s.signals),
                    [
                        {
                            "item_id": g.item_id,
                            "kind": g.kind,
                            "theme": g.theme,
                            "score": g.score,
                            "reason": g.reason,
                        }
                        for g in found
                    ],
                )

    def replace_scene_matches(
        self, first: date, last: date, found: Sequence[tuple[str, str]]
    ) -> None:
        """Replace what the image search found among the pictures taken from first to last."""
        c = s.scene_matches.c
        ids = sorted({item_id for item_id, _ in found})
        with self.transaction() as conn:
            days = dict(_lookup(conn, s.items.c.id, s.items.c.local_date, ids))
            conn.execute(
                delete(s.scene_matches).where(
                    c.local_date.between(first.isoformat(), last.isoformat())
                )
            )
            rows = [
                {"item_id": i, "scene": scene, "local_date": days[i]}
                for i, scene in dict.fromkeys(found)
                if days.get(i)
            ]
            if rows:
                conn.execute(insert(s.scene_matches), rows)

    def scene_matches(self) -> list[SceneMatch]:
        c, i = s.scene_matches.c, s.items.c
        query = select(c.item_id, c.scene, c.local_date, i.event_id, i.collapsed_into).join(
            s.items, i.id == c.item_id
        )
        with self.engine.connect() as conn:
            return [
                SceneMatch(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4] is None)
                for r in conn.execute(query)
            ]

    def painful_calendar_dates(self, days: Iterable[date], min_score: float) -> set[date]:
        """Which of these days have a calendar entry whose words score at least min_score."""
        wanted = sorted({d.isoformat() for d in days})
        found: set[date] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(wanted):
                query = (
                    select(s.items.c.local_date)
                    .join(s.signals, s.signals.c.item_id == s.items.c.id)
                    .where(
                        s.items.c.kind == "calendar",
                        s.items.c.local_date.in_(chunk),
                        s.signals.c.score >= min_score,
                    )
                )
                found.update(date.fromisoformat(d) for d in conn.execute(query).scalars())
        return found

    def ids_by_uri(self, uris: Sequence[str]) -> dict[str, str]:
        """The ids of the items found at these uris (an item's file or entry)."""
        with self.engine.connect() as conn:
            found = _lookup(conn, s.files.c.uri, s.files.c.item_id, [db_uri(u) for u in uris])
        return {py_uri(u): i for u, i in found.items()}

    def offered_count(self, source: str) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).where(
                s.items.c.source == source, s.items.c.offered.is_(True)
            )
            return conn.execute(query).scalar()

    def count_from(self, source: str, first: date, last: date) -> int:
        """How many items of a source were taken from first to last."""
        c = s.items.c
        query = select(func.count()).where(
            c.source == source, c.local_date.between(first.isoformat(), last.isoformat())
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def uris_of_source(self, source: str) -> set[str]:
        with self.engine.connect() as conn:
            query = select(s.files.c.uri).where(s.files.c.source == source)
            return {py_uri(u) for u in conn.execute(query).scalars()}

    def withdraw(self, uris: Iterable[str], why: str) -> int:
        """Items no longer offered by their source (gone from it, or put where it hides
        them): kept with a note, rules and all, never offered; returns how many."""
        ids = sorted(self.ids_by_uri(list(uris)).values())
        withdrawn = 0
        with self.transaction() as conn:
            for chunk in _chunks(ids):
                rows = conn.execute(
                    select(s.items.c.id, s.items.c.notes).where(
                        s.items.c.id.in_(chunk), s.items.c.offered.is_(True)
                    )
                ).all()
                withdrawn += len(rows)
                for item_id, notes in rows:
                    noted = _dumps([*json.loads(notes), why])
                    conn.execute(
                        update(s.items)
                        .where(s.items.c.id == item_id)
                        .values(offered=False, day_rank=None, notes=noted, updated_at=_now())
                    )
                days = select(s.items.c.local_date).where(s.items.c.id.in_(chunk))
                # the rest of those days rank again, so no gap opens among their shots
                conn.execute(
                    update(s.items).where(s.items.c.local_date.in_(days)).values(day_rank=None)
                )
        return withdrawn

    def signals_for(self, item_ids: Iterable[str]) -> dict[str, list[Signal]]:
        ids = sorted(set(item_ids))
        found: dict[str, list[Signal]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                query = select(s.signals).where(s.signals.c.item_id.in_(ids[start : start + 500]))
                for row in conn.execute(query):
                    m = row._mapping
                    found.setdefault(m["item_id"], []).append(
                        Signal(m["item_id"], m["kind"], m["theme"], m["score"], m["reason"])
                    )
        return found

    # --- rules -----------------------------------------------------------

    def add_rule(
        self,
        action: str,
        target: str,
        value: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
        until: date | None = None,
    ) -> Rule:
        values = {
            "action": action,
            "target": target,
            "value": value,
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
            "until": until.isoformat() if until else None,
            "created_at": _now(),
        }
        with self.transaction() as conn:
            rule_id = conn.execute(insert(s.rules).values(**values)).inserted_primary_key[0]
            row = conn.execute(select(s.rules).where(s.rules.c.id == rule_id)).first()
        return _rule(row)

    def rules(self) -> list[Rule]:
        with self.engine.connect() as conn:
            return [_rule(r) for r in conn.execute(select(s.rules).order_by(s.rules.c.id))]

    def forget_rule(self, rule_id: int) -> bool:
        if not 0 < rule_id <= MAX_ID:  # beyond any key the database holds: no such rule
            return False
        with self.transaction() as conn:
            return conn.execute(delete(s.rules).where(s.rules.c.id == rule_id)).rowcount > 0

    # --- settings --------------------------------------------------------

    def setting(self, key: str, default=None):
        with self.engine.connect() as conn:
            value = conn.execute(select(s.settings.c.value).where(s.settings.c.key == key)).scalar()
        return json.loads(value) if value is not None else default

    def set_setting(self, key: str, value) -> None:
        with self.transaction() as conn:
            _upsert(conn, s.settings, {"key": key, "value": json.dumps(value)})

    # --- for the web app ---------------------------------------------------

    def people(self) -> list[tuple[str, int]]:
        """Every person named in the library with how many items they are in, by name."""
        query = (
            select(s.item_people.c.name, func.count())
            .group_by(s.item_people.c.name)
            .order_by(func.lower(s.item_people.c.name))
        )
        with self.engine.connect() as conn:
            return [(name, count) for name, count in conn.execute(query)]

    def count_people_seen(self) -> None:
        """Count again who the photos name: since when, on how many items, over how many
        years (offered items dated by more than their file's time)."""
        c, p = s.items.c, s.item_people.c
        query = (
            select(
                p.name,
                func.min(c.local_date),
                func.count(),
                func.count(func.substr(c.local_date, 1, 4).distinct()),
            )
            .join(s.items, c.id == p.item_id)
            .where(
                c.local_date.isnot(None),
                c.offered.is_(True),
                c.date_confidence != "file_time",
            )
            .group_by(p.name)
        )
        with self.transaction() as conn:
            rows = [
                {"name": n, "first": d, "month_day": d[5:10], "items": k, "years": y}
                for n, d, k, y in conn.execute(query)
            ]
            conn.execute(delete(s.people_seen))
            if rows:
                conn.execute(insert(s.people_seen), rows)

    def people_first_seen(
        self, month_days: Sequence[str], before: date
    ) -> list[tuple[str, date, int, int]]:
        """(name, first date, items, years) of the people first seen on these month-days
        of an earlier year."""
        c = s.people_seen.c
        query = select(s.people_seen).where(
            c.month_day.in_(list(month_days)), c.first < before.isoformat()
        )
        with self.engine.connect() as conn:
            return [
                (r.name, date.fromisoformat(r.first), r.items, r.years) for r in conn.execute(query)
            ]

    def best_with_person(self, name: str, before: date) -> list[StoredItem]:
        """The best shot of each year with this person (by day rank, then words), oldest first."""
        c, p = s.items.c, s.item_people.c
        rank = (
            func.row_number()
            .over(
                partition_by=func.substr(c.local_date, 1, 4),
                order_by=[c.day_rank.is_(None), c.day_rank, func.length(c.caption).desc(), c.id],
            )
            .label("year_rank")
        )
        ranked = (
            select(s.items, rank)
            .join(s.item_people, c.id == p.item_id)
            .where(
                func.lower(p.name) == name.casefold(),
                c.local_date < before.isoformat(),
                c.offered.is_(True),
                c.date_confidence != "file_time",
                c.kind.in_(("photo", "video")),
                c.clutter == "",
                or_(c.day_rank.is_(None), c.day_rank != 0),
            )
            .subquery()
        )
        query = select(ranked).where(ranked.c.year_rank == 1).order_by(ranked.c.local_date)
        with self.engine.connect() as conn:
            return [_stored(r) for r in conn.execute(query)]

    def signals_with_person(self, name: str, min_score: float) -> list[Signal]:
        """Every signal at or above min_score on an item this person is in."""
        p = s.item_people.c
        query = (
            select(s.signals)
            .join(s.item_people, s.signals.c.item_id == p.item_id)
            .where(func.lower(p.name) == name.casefold(), s.signals.c.score >= min_score)
        )
        with self.engine.connect() as conn:
            return [
                Signal(r.item_id, r.kind, r.theme, r.score, r.reason) for r in conn.execute(query)
            ]

    def import_runs(self, limit: int = 20) -> list[dict]:
        """The latest import runs, newest first: paths, start, finish and summary."""
        query = select(s.import_runs).order_by(s.import_runs.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [
                {
                    **r._mapping,
                    "paths": json.loads(r.paths),
                    "summary": json.loads(r.summary or "{}"),
                }
                for r in conn.execute(query)
            ]

    def month_day_counts(self, month: int, before_year: int) -> dict[str, int]:
        """Offered items per month-day ("MM-DD") of `month`, from years before `before_year`."""
        query = (
            select(s.items.c.month_day, func.count())
            .where(
                s.items.c.month_day.startswith(f"{month:02d}-"),
                s.items.c.local_date < f"{before_year:04d}-01-01",
                s.items.c.offered.is_(True),
            )
            .group_by(s.items.c.month_day)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    # --- notifications ---------------------------------------------------

    def claim_notification(
        self, day: date, now: datetime, failed_before: datetime, max_runs: int
    ) -> bool:
        """Take the day's one notification run; False when another run has it or had it.

        One statement each, so two processes (the server and a cron run) cannot both win.
        A failed day may be taken again when its last run began before `failed_before`.
        """
        days = s.notification_days
        stamp = lambda moment: moment.astimezone(UTC).isoformat(timespec="seconds")  # noqa: E731
        now = stamp(now)
        with self.transaction() as conn:
            fresh = _upsert(
                conn,
                days,
                {"day": day.isoformat(), "state": "sending", "claimed_at": now, "attempts": 1},
                replace=False,
            )
            if fresh.first() is not None:
                return True
            again = conn.execute(
                update(days)
                .where(
                    days.c.day == day.isoformat(),
                    days.c.state == "failed",
                    days.c.attempts < min(max_runs, MAX_ID),
                    days.c.claimed_at <= stamp(failed_before),
                )
                .values(state="sending", claimed_at=now, attempts=days.c.attempts + 1)
            )
            return again.rowcount == 1

    def record_notification(
        self, day: date, outcome: str, reasons: Sequence[str], message: str = ""
    ) -> None:
        """Close the day's run with its outcome and log it, in one transaction."""
        with self.transaction() as conn:
            conn.execute(
                update(s.notification_days)
                .where(s.notification_days.c.day == day.isoformat())
                .values(state=outcome)
            )
            conn.execute(
                insert(s.notification_log).values(
                    day=day.isoformat(),
                    at=_now(),
                    outcome=outcome,
                    reasons=_dumps(reasons),
                    message=message,
                )
            )

    def notification_log(self, limit: int = 30) -> list[dict]:
        """The latest notifications sent, withheld or failed, newest first."""
        log = s.notification_log
        query = select(log).order_by(log.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [{**r._mapping, "reasons": json.loads(r.reasons)} for r in conn.execute(query)]
