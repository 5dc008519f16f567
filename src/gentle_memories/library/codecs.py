"""Rows and the domain's records: an Item to a row and back, a rule, a uri as stored.

The library's one place that knows how a field is kept (JSON lists, ISO dates, file
names that are not UTF-8), so that every query reads and writes the same way."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import quote, unquote_to_bytes

from gentle_memories.items import Item, Place, StoredItem, container
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


def py_uri(stored: str) -> str:
    if stored.startswith(FS_PREFIX):
        return os.fsdecode(unquote_to_bytes(stored[len(FS_PREFIX) :]))
    return stored


def free_id(content_hash: str, taken: set[str]) -> str:
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


def dumps(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def item_row(item: Item) -> dict:
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
        "keywords": dumps(item.keywords),
        "albums": dumps(item.albums),
        "people": dumps(item.people),
        "lat": place.lat,
        "lon": place.lon,
        "place_name": place.name,
        "width": item.width,
        "height": item.height,
        "fingerprint": item.fingerprint,
        "clutter": item.clutter,
        "offered": item.offered,
        "favourite": item.favourite,
        "notes": dumps(item.notes),
    }


_CONFIDENCE = {"exact": 2, "inferred": 1, "file_time": 0}
_DATE_FIELDS = ("taken_at", "local_date", "month_day", "date_confidence", "date_source")
_LIST_FIELDS = ("keywords", "albums", "people", "notes")


def merged(old, new: dict) -> dict:
    """A copy found elsewhere adds what it knows: lists are joined, words and the better
    date are kept, and the item stays where it was first found."""
    merged = {k: old[k] for k in new}
    for key in _LIST_FIELDS:
        values = json.loads(old[key]) + json.loads(new[key])
        merged[key] = dumps(list(dict.fromkeys(values)))
    for key, value in new.items():
        if key not in _LIST_FIELDS and not old[key] and value:
            merged[key] = value
    if _CONFIDENCE[new["date_confidence"]] > _CONFIDENCE[old["date_confidence"]]:
        merged.update({k: new[k] for k in _DATE_FIELDS})
    return merged


def listed(stored: str) -> list:
    return json.loads(stored) if stored != "[]" else []


def stored_item(row) -> StoredItem:
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
        keywords=listed(m["keywords"]),
        albums=listed(m["albums"]),
        people=listed(m["people"]),
        place=place,
        width=m["width"],
        height=m["height"],
        fingerprint=m["fingerprint"],
        clutter=m["clutter"],
        offered=bool(m["offered"]),
        favourite=bool(m["favourite"]),
        notes=listed(m["notes"]),
        id=m["id"],
        event_id=m["event_id"],
        day_rank=m["day_rank"],
        collapsed_into=m["collapsed_into"],
        owner_id=m["owner_id"],
    )


def rule_of(row) -> Rule:
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
