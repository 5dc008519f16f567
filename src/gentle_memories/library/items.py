"""Items and the files they were found in: saving an import, reading an item, withdrawing it."""

from __future__ import annotations

import secrets
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from gentle_memories.items import WORD_FIELDS, Item, StoredItem
from gentle_memories.library import schema as s
from gentle_memories.library.codecs import (
    ID_LENGTHS,
    album_rows,
    db_uri,
    free_id,
    item_row,
    joined,
    merged,
    on_days,
    people_of,
    people_rows,
    py_uri,
    still_there,
    stored_items,
    stored_prefixes,
    time_columns,
)
from gentle_memories.library.database import (
    Stored,
    chunks,
    lookup,
    stamp_now,
    upsert,
    visible_to,
)
from gentle_memories.library.day_places import PLACE_FIELDS, household_dated, mark_stale

ALBUM_ROW_FIELDS = ("taken_at", "date_confidence", "owner_id")
"""What an item's album rows hold of it besides the album's name."""
STREAMED = 5000
"""Rows fetched at a time where a whole folder's files are read one by one."""


def _inside(folder: str) -> str:
    return folder.rstrip("/") + "/"


def _after(prefix: str) -> str:
    """The first string after every string that starts with `prefix`, in byte order."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@cache
def _folder_files(dialect: str, forms: int) -> Select:
    """The files directly in a folder whose uris begin in one of `forms` ways (stored
    prefixes): for each, a range of the uri index ("low0" to "high0", ...) with no "/"
    from "start0" on. Built once: an import asks it of every folder it walks."""
    c = s.files.c
    uri = c.uri.collate("C") if dialect == "postgresql" else c.uri
    ranges = [
        and_(
            uri >= bindparam(f"low{n}"),
            uri < bindparam(f"high{n}"),
            func.substr(uri, bindparam(f"start{n}")).not_like("%/%"),
        )
        for n in range(forms)
    ]
    return select(c.uri, c.size, c.mtime_ns).where(or_(*ranges))


class KnownFileStates:
    """KnownFiles for importers: what the library knows of the files in a folder, read
    the first time a file in it is asked about. An import asks folder by folder, so one
    query a folder answers it, and only the last few folders are held: a re-import of a
    million files holds a few folders' worth, not a million."""

    KEPT = 16

    def __init__(self, read_folder: Callable[[str], dict[str, tuple[int, int]]]) -> None:
        self._read_folder = read_folder
        self._folders: OrderedDict[str, dict[str, tuple[int, int]]] = OrderedDict()

    def unchanged(self, uri: str, size: int, mtime_ns: int) -> bool:
        folder = uri.rpartition("/")[0] + "/"
        states = self._folders.get(folder)
        if states is None:
            states = self._folders[folder] = self._read_folder(folder)
            if len(self._folders) > self.KEPT:
                self._folders.popitem(last=False)
        else:
            self._folders.move_to_end(folder)
        return states.get(uri) == (size, mtime_ns)


class ItemStore(Stored):
    def known_files(self) -> KnownFileStates:
        """What the library knows of the files an import meets, read a folder at a time
        (one query per file would cost more than reading): an import of one new folder
        costs the same in a library of a million files as in an empty one."""
        return KnownFileStates(self._files_in)

    def _files_in(self, folder: str) -> dict[str, tuple[int, int]]:
        """(size, mtime) of each file the library knows directly in this folder."""
        forms = sorted(stored_prefixes(folder))
        query = _folder_files(self.engine.dialect.name, len(forms))
        asked = {}
        for n, p in enumerate(forms):
            asked.update({f"low{n}": p, f"high{n}": _after(p), f"start{n}": len(p) + 1})
        with self.engine.connect() as conn:
            rows = conn.execute(query, asked)
            return {py_uri(u): (size, mtime) for u, size, mtime in rows}

    def _starting(self, uri: ColumnElement, prefixes: Iterable[str]) -> ColumnElement:
        """Uris that start with one of these prefixes, as ranges of the uri's index (LIKE
        would read every row), in the byte order that a prefix range needs."""
        if self.engine.dialect.name == "postgresql":
            uri = uri.collate("C")
        ranges = [
            and_(uri >= p, uri < _after(p)) for prefix in prefixes for p in stored_prefixes(prefix)
        ]
        return or_(*ranges)

    def save_all(self, found: Sequence[Item], owner: int | None = None) -> list[str]:
        """Store items in one transaction, each found at its uri: "imported", "updated",
        "unchanged" or "copy".

        The same bytes found at another path are the same item: a moved file, or a
        copy whose words and names are merged into it. A file edited in place keeps
        its item, and so its rules. A batch costs a few queries, not a few per item.
        An item that is new or whose words changed is marked for the care model to read
        (words_unread).

        `owner`: the user of a private source. An item it finds first is theirs alone;
        found by a shared source, at any time, an item is the household's.
        """
        with self.transaction() as conn:
            return self._save_all(conn, found, owner)

    def _save_all(self, conn: Connection, found: Sequence[Item], owner: int | None) -> list[str]:
        rows = [item_row(item) for item in found]
        by_file = lookup(conn, s.files.c.uri, s.files.c.item_id, [r["uri"] for r in rows])
        by_hash = lookup(
            conn, s.items.c.content_hash, s.items.c.id, [i.content_hash for i in found]
        )
        olds = {
            r.id: r._mapping
            for ids in chunks(sorted({*by_file.values(), *by_hash.values()}))
            for r in conn.execute(select(s.items).where(s.items.c.id.in_(ids)))
        }
        # every id free_id may give: a longer one is taken once an edit in place kept one
        ids = [i.content_hash[:n] for i in found for n in ID_LENGTHS]
        taken = set(lookup(conn, s.items.c.id, s.items.c.content_hash, ids))
        old_people = people_of(conn, olds)
        new_items, new_files, statuses, unread = [], [], [], []
        people: dict[str, list[str]] = {}
        albums: dict[str, list[str]] = {}
        created: set[str] = set()
        redated: set[str] = set()
        place_days: list[date | None] = []
        now = stamp_now()
        for item, row in zip(found, rows, strict=True):
            uri = row["uri"]
            item_id = by_hash.get(item.content_hash) or by_file.get(uri)
            if item_id is None:
                item_id = free_id(item.content_hash, taken)
                olds[item_id] = {
                    "id": item_id,
                    "added_at": now,
                    "updated_at": now,
                    "owner_id": owner,
                    **row,
                }
                new_items.append(olds[item_id])
                place_days.append(row["local_date"])
                created.add(item_id)
                by_hash[item.content_hash] = item_id
                people[item_id] = old_people[item_id] = list(dict.fromkeys(item.people))
                albums[item_id] = row["albums"]
                status = "imported"
                unread.append(item_id)
            else:
                old = olds[item_id]
                copy = uri not in by_file and still_there(old["uri"])
                row = merged(old, row) if copy else row
                named = old_people.get(item_id, [])
                names = joined(named, item.people) if copy else list(dict.fromkeys(item.people))
                changed = {k: v for k, v in row.items() if old[k] != v and k != "uri"}
                if owner is None and old["owner_id"] is not None:
                    changed["owner_id"] = None  # a shared source has it too
                if not changed.keys().isdisjoint(PLACE_FIELDS):
                    place_days += [old["local_date"], row["local_date"]]
                if changed or names != named:
                    if item_id in created:  # its row is inserted below, as it is by then
                        old.update(changed)
                    else:
                        conn.execute(
                            update(s.items)
                            .where(s.items.c.id == item_id)
                            .values(updated_at=now, day_rank=None, **changed)
                        )
                        olds[item_id] = {**old, **changed}
                        if "albums" in changed:
                            was_in = delete(s.item_albums).where(s.item_albums.c.item_id == item_id)
                            conn.execute(was_in)
                    if "albums" in changed:
                        albums[item_id] = changed["albums"]
                    elif not changed.keys().isdisjoint(ALBUM_ROW_FIELDS):
                        redated.add(item_id)
                    if not changed.keys().isdisjoint(WORD_FIELDS):
                        unread.append(item_id)
                if names != named:
                    forget = delete(s.item_people).where(s.item_people.c.item_id == item_id)
                    conn.execute(forget)
                    if dropped := set(named) - set(names):
                        recount = [{"name": n} for n in sorted(dropped)]
                        upsert(conn, s.people_recount, recount, replace=False)
                    people[item_id] = names
                    old_people[item_id] = names
                status = "copy" if copy else "updated" if changed or names != named else "unchanged"
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
            statuses.append(status)
        named = [row for i, names in people.items() for row in people_rows(i, names)]
        listed = [row for i, names in albums.items() for row in album_rows(i, names)]
        for table, values in (
            (s.items, new_items),
            (s.files, new_files),
            (s.item_people, named),
            (s.item_albums, listed),
        ):
            if values:
                conn.execute(insert(table), values)
        _date_album_rows(conn, redated | albums.keys())
        mark_stale(conn, place_days)
        if unread:
            token = secrets.randbits(62)
            rows = [{"item_id": i, "token": token} for i in dict.fromkeys(unread)]
            upsert(conn, s.words_unread, rows)
        return statuses

    def ids_by_hash(self, content_hashes: Sequence[str]) -> dict[str, str]:
        """The ids of saved items by their content hash, for work done after their save."""
        with self.engine.connect() as conn:
            return lookup(conn, s.items.c.content_hash, s.items.c.id, content_hashes)

    def _point_uri_at_a_file(self, conn: Connection, item_id: str, uri: str) -> None:
        """An item's uri stays where it was unless that file is gone from the library."""
        current = conn.execute(select(s.items.c.uri).where(s.items.c.id == item_id)).scalar()
        known = conn.execute(select(s.files.c.uri).where(s.files.c.uri == current)).first()
        if not known or not still_there(current):
            conn.execute(update(s.items).where(s.items.c.id == item_id).values(uri=uri))

    def forget_files(self, uris: Iterable[str]) -> int:
        """Files gone from a source: forget where they were; their items and rules stay."""
        uris = [db_uri(u) for u in uris]
        with self.transaction() as conn:
            for chunk in chunks(uris):
                conn.execute(delete(s.files).where(s.files.c.uri.in_(chunk)))
        return len(uris)

    def file_uris(self, source: str, under: str) -> Iterator[str]:
        """Every file of a source under a folder, to find the ones gone since the last
        import: streamed, so that a folder of a million files is never held at once."""
        query = select(s.files.c.uri).where(self._files_under(source, under))
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=STREAMED).execute(query):
                yield py_uri(row.uri)

    def count_files(self, source: str, under: str) -> int:
        """How many files of a source the library knows under a folder: what a re-import
        of it meets again, known without walking it."""
        query = select(func.count()).where(self._files_under(source, under))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def _files_under(self, source: str, folder: str) -> ColumnElement:
        c = s.files.c
        return and_(c.source == source, self._starting(c.uri, [_inside(folder)]))

    def start_import(self, paths: Sequence[str], owner: int | None = None) -> int:
        with self.transaction() as conn:
            return conn.execute(
                insert(s.import_runs).values(
                    started_at=stamp_now(), paths=list(paths), summary={}, owner_id=owner
                )
            ).inserted_primary_key[0]

    def finish_import(self, run_id: int, summary: dict) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(s.import_runs)
                .where(s.import_runs.c.id == run_id)
                .values(finished_at=stamp_now(), summary=summary)
            )

    def item(self, item_id: str) -> StoredItem | None:
        with self.engine.connect() as conn:
            found = stored_items(conn, conn.execute(select(s.items).where(s.items.c.id == item_id)))
        return found[0] if found else None

    def visible_item(self, item_id: str) -> StoredItem | None:
        """The item, if the viewing user may see it: the household's, or their own."""
        found = self.item(item_id)
        return found if found and found.owner_id in (None, self.user.id) else None

    def count_items(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.items)).scalar_one()

    def household_albums_on(self, dates: Iterable[date]) -> dict[date, set[str]]:
        """The albums of the dated items on these days, but a private source's."""
        c = s.items.c
        found: dict[date, set[str]] = defaultdict(set)
        with self.engine.connect() as conn:
            for chunk in chunks(sorted(set(dates))):
                query = select(c.local_date, c.albums).where(*on_days(chunk), *household_dated())
                for on, albums in conn.execute(query):
                    found[on].update(albums)
        return found

    def ids_by_uri(self, uris: Sequence[str]) -> dict[str, str]:
        """The ids of the items found at these uris (an item's file or entry)."""
        with self.engine.connect() as conn:
            found = lookup(conn, s.files.c.uri, s.files.c.item_id, [db_uri(u) for u in uris])
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
        query = select(func.count()).where(c.source == source, c.local_date.between(first, last))
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
            for chunk in chunks(ids):
                rows = conn.execute(
                    select(s.items.c.id, s.items.c.notes).where(
                        s.items.c.id.in_(chunk), s.items.c.offered.is_(True)
                    )
                ).all()
                withdrawn += len(rows)
                for item_id, notes in rows:
                    noted = [*notes, why]
                    conn.execute(
                        update(s.items)
                        .where(s.items.c.id == item_id)
                        .values(offered=False, day_rank=None, notes=noted, updated_at=stamp_now())
                    )
                c = s.items.c
                # the rest of those days rank again, so no gap opens among their shots
                days = (
                    c.month_day.in_(select(c.month_day).where(c.id.in_(chunk))),  # by ix_items_day
                    c.local_date.in_(select(c.local_date).where(c.id.in_(chunk))),
                )
                conn.execute(update(s.items).where(*days).values(day_rank=None))
        return withdrawn

    def import_runs(self, limit: int = 20) -> list[dict]:
        """The latest import runs, newest first: paths, start, finish and summary."""
        runs = s.import_runs
        query = select(runs).where(visible_to(runs.c.owner_id, self.user.id))
        query = query.order_by(runs.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def set_taken_at(self, told: dict[str, tuple[datetime, str]]) -> None:
        """Give items a new taken_at and date source; the days they leave and join are
        ranked again."""
        if not told:
            return
        c = s.items.c
        rows = [
            {
                "b_item": item_id,
                **time_columns(taken_at),
                "date_source": source,
            }
            for item_id, (taken_at, source) in told.items()
        ]
        with self.transaction() as conn:
            left = {
                day
                for chunk in chunks(sorted(told))
                for day in conn.execute(select(c.local_date).where(c.id.in_(chunk))).scalars()
            }
            for chunk in chunks(sorted(left)):
                conn.execute(update(s.items).where(*on_days(chunk)).values(day_rank=None))
            conn.execute(
                update(s.items).where(c.id == bindparam("b_item")).values(day_rank=None), rows
            )
            _date_album_rows(conn, told)
            mark_stale(conn, left | {taken_at.date() for taken_at, _ in told.values()})


def _date_album_rows(conn: Connection, item_ids: Iterable[str]) -> None:
    """Give the album rows of these items their item's owner and dated time, as saved."""
    a, c = s.item_albums.c, s.items.c
    of_item = c.id == a.item_id
    dated = case((c.date_confidence != "file_time", c.taken_at))
    for chunk in chunks(sorted(item_ids)):
        conn.execute(
            update(s.item_albums)
            .where(a.item_id.in_(chunk))
            .values(
                owner_id=select(c.owner_id).where(of_item).scalar_subquery(),
                dated_at=select(dated).where(of_item).scalar_subquery(),
            )
        )
