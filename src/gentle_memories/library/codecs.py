"""Rows and the domain's records: an Item to a row and back, a rule, a uri as stored.

The library's one place that knows how a record's fields map to columns (a place in
three, a time in two, people in their own table, file names that are not UTF-8), so that
every query reads and writes the same way; column types (column_types.py) do the rest."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from functools import cache
from urllib.parse import quote, unquote_to_bytes

from sqlalchemy import ColumnElement, Connection, Select, bindparam, select

from gentle_memories.items import Item, Place, StoredItem, container, exists
from gentle_memories.library import schema as s
from gentle_memories.library.database import chunks
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.records import Rule

FS_PREFIX = "fs-bytes:"


def db_uri(uri: str) -> str:
    """A uri as stored: file names that are not valid UTF-8 keep their bytes, percent-encoded."""
    try:
        uri.encode("utf-8")
    except UnicodeEncodeError:
        return FS_PREFIX + quote(os.fsencode(uri), safe="/")
    return uri


def stored_prefixes(prefix: str) -> set[str]:
    """The forms a stored uri that starts with `prefix` may begin with: as it is, or as
    the percent-encoded bytes of a name below it that is not UTF-8."""
    found = {FS_PREFIX + quote(os.fsencode(prefix), safe="/")}
    try:
        prefix.encode("utf-8")
    except UnicodeEncodeError:
        return found
    return found | {prefix}


def py_uri(stored: str) -> str:
    if stored.startswith(FS_PREFIX):
        return os.fsdecode(unquote_to_bytes(stored[len(FS_PREFIX) :]))
    return stored


ID_LENGTHS = (16, 24, 40)


def free_id(content_hash: str, taken: set[str]) -> str:
    """Ids come from the content hash; a longer one when a file edited in place kept it."""
    for length in ID_LENGTHS:
        candidate = content_hash[:length]
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise LibraryError(f"no free id for content {content_hash}")


def still_there(stored: str) -> bool:
    """Whether the file a stored uri points into exists: a path, a zip, an export's JSON."""
    return exists(container(py_uri(stored)))


_COPIED = tuple(
    f.name for f in fields(StoredItem) if f.name in s.items.c and f.name not in ("uri", "taken_at")
)
"""The fields kept as they are, each in the column of its name (schema.items)."""
_SAVED = tuple(name for name in _COPIED if name in {f.name for f in fields(Item)})
"""Those an importer's Item has; the rest (id, event, rank) the library gives it."""


def item_row(item: Item) -> dict:
    """An item's columns; its people go to item_people (people_rows)."""
    place = item.place or Place()
    return {
        **{name: getattr(item, name) for name in _SAVED},
        "uri": db_uri(item.uri),
        **time_columns(item.taken_at),
        "lat": place.lat,
        "lon": place.lon,
        "place_name": place.name,
    }


_CONFIDENCE = {"exact": 2, "inferred": 1, "file_time": 0}
_DATE_FIELDS = ("taken_at", "utc_offset", "local_date", "month_day")
_DATE_FIELDS += ("date_confidence", "date_source")
_LIST_FIELDS = ("keywords", "albums", "notes")


def merged(old, new: dict) -> dict:
    """A copy found elsewhere adds what it knows: lists are joined, words and the better
    date are kept, and the item stays where it was first found."""
    merged = {k: old[k] for k in new}
    for key in _LIST_FIELDS:
        merged[key] = joined(old[key], new[key])
    for key, value in new.items():
        if key not in _LIST_FIELDS + _DATE_FIELDS and not old[key] and value:
            merged[key] = value
    better = _CONFIDENCE[new["date_confidence"]] > _CONFIDENCE[old["date_confidence"]]
    if better or (old["taken_at"] is None and new["taken_at"] is not None):
        merged.update({k: new[k] for k in _DATE_FIELDS})  # a time and its offset, together
    return merged


def joined(old: Sequence[str], new: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def people_rows(item_id: str, people: Sequence[str]) -> list[dict]:
    return [
        {"item_id": item_id, "name": name, "position": n}
        for n, name in enumerate(dict.fromkeys(people))
    ]


def album_rows(item_id: str, albums: Sequence[str]) -> list[dict]:
    return [{"item_id": item_id, "name": name} for name in dict.fromkeys(albums)]


def people_of(conn: Connection, ids: Iterable[str]) -> dict[str, list[str]]:
    """Who each of these items names, in its source's order."""
    found: dict[str, list[str]] = {}
    for chunk in chunks(sorted(set(ids))):
        for item_id, name in conn.execute(_people_of(), {"ids": chunk}):
            found.setdefault(item_id, []).append(name)
    return found


@cache
def _people_of() -> Select:
    p = s.item_people.c
    return (
        select(p.item_id, p.name)
        .where(p.item_id.in_(bindparam("ids", expanding=True)))
        .order_by(p.position)
    )


def stored_items(conn: Connection, rows: Iterable) -> list[StoredItem]:
    """The items of these rows of the items table (or a query over it), with their people."""
    mappings = [r._mapping for r in rows]
    people = people_of(conn, [m["id"] for m in mappings])
    return [stored_item(m, people.get(m["id"], [])) for m in mappings]


def on_days(days: Sequence[date]) -> tuple[ColumnElement, ColumnElement]:
    """The items taken on these days, found through ix_items_day, which leads with the
    month-day: no index leads with local_date, and alone it would read every item."""
    c = s.items.c
    return c.month_day.in_(sorted({f"{on:%m-%d}" for on in days})), c.local_date.in_(days)


def time_columns(at: datetime | None) -> dict:
    """A time as stored: its local clock time, its offset apart, and the day it names."""
    offset = at.utcoffset() if at else None
    return {
        "taken_at": at.replace(tzinfo=None) if at else None,
        "utc_offset": int(offset.total_seconds()) if offset is not None else None,
        "local_date": at.date() if at else None,
        "month_day": at.strftime("%m-%d") if at else None,
    }


def moment(at: datetime | None, offset: int | None) -> datetime | None:
    """A stored time as the domain knows it: aware where its offset is known."""
    return at if at is None or offset is None else at.replace(tzinfo=_zone(offset))


@cache
def _zone(offset: int) -> timezone:
    return timezone(timedelta(seconds=offset))


def stored_item(m, people: list[str]) -> StoredItem:
    place = (
        Place(m["lat"], m["lon"], m["place_name"])
        if m["lat"] is not None or m["place_name"]
        else None
    )
    return StoredItem(
        **{name: m[name] for name in _COPIED},
        uri=py_uri(m["uri"]),
        taken_at=moment(m["taken_at"], m["utc_offset"]),
        people=people,
        place=place,
    )


def rule_of(row) -> Rule:
    return Rule(**{f.name: row._mapping[f.name] for f in fields(Rule)})
