"""Day One's JSON export: a journal's entries, and the photos and videos they hold.

The export (a zip or its folder) holds <Journal name>.json = {"metadata": {...},
"entries": [...]} and photos/<md5>.<type>, videos/<md5>.<type> (as read by the
community's converters: dayone-export, dayone-to-obsidian style tools, and Day One's own
import builders). An entry has "uuid", "creationDate" (UTC, "...Z") with "timeZone" (IANA
name, the zone it was written in), "text" (Markdown, with ![](dayone-moment://ID) where a
photo sits and punctuation escaped), "tags", "location" {placeName, localityName,
administrativeArea, country, latitude, longitude} and "photos"/"videos" [{identifier,
md5, type, date}].

Each entry is a journal item (its words, tags as keywords, its place, the journal's name
as album); each of its photos and videos an item of its own, dated by the photo's own
"date" in the entry's zone, with the entry's tags and place. A photo the JSON names but
the export lacks is reported, and the entry still imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gentle_memories.items import Place
from gentle_memories.sources.base import Found, KnownFiles, Skipped
from gentle_memories.sources.exported import (
    ExportImporter,
    Listing,
    MediaReader,
    Said,
    coordinates,
    load_json,
    make_place,
    media_item,
    seq,
    sound_local,
    stamp,
    text_item,
    unless_known,
)
from gentle_memories.sources.text import unescape_markdown
from gentle_memories.sources.tree import Tree

_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:/+[^)]*\)")
_JOURNAL_HEAD = re.compile(rb'"entries"\s*:\s*\[')


def entry_text(text: Any) -> str:
    """An entry's words as a person reads them: no photo markers, no Markdown escapes."""
    if not isinstance(text, str):
        return ""
    return unescape_markdown(_MOMENT.sub("", text)).strip()


def _zone(entry: dict[str, Any], notes: list[str]) -> ZoneInfo | None:
    name = entry.get("timeZone")
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        notes.append(f"time zone {name!r} unknown; ignored")
        return None


def _instant(value: Any, zone: ZoneInfo | None, label: str, notes: list[str]) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        notes.append(f"{label} {value!r} ignored (not a date)")
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone) if zone else when
    when = sound_local(when, label, notes)
    if when is None or when.tzinfo is None or zone is None:
        return when  # a UTC instant without its zone is told in its place's (place_zone.py)
    return when.astimezone(zone)


def _place(location: Any) -> Place | None:
    if not isinstance(location, dict):
        return None
    parts = [
        str(location.get(k) or "").strip()
        for k in ("placeName", "localityName", "administrativeArea", "country")
    ]
    name = ", ".join(dict.fromkeys(p for p in parts if p))
    return make_place(coordinates(location.get("latitude"), location.get("longitude")), name)


def _is_journal(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("entries"), list)


class DayOneImporter(ExportImporter):
    name = "dayone"

    def looks_like(self, listing: Listing) -> bool:
        candidates = [n for n in listing.names if n.endswith(".json") and n.count("/") <= 1]
        return any(_JOURNAL_HEAD.search(listing.head(n, 1 << 16)) for n in candidates[:10])

    def scan_tree(self, tree: Tree, known: KnownFiles) -> Iterator[Found]:
        reader = MediaReader(tree)
        try:
            for name in sorted(tree.entries):
                if name.endswith(".json") and name.count("/") <= 1:
                    yield from self._journal(tree, reader, known, name)
        finally:
            reader.close()

    def _journal(
        self, tree: Tree, reader: MediaReader, known: KnownFiles, name: str
    ) -> Iterator[Found]:
        data = load_json(tree, name)
        if isinstance(data, Skipped):
            yield data
            return
        if not _is_journal(data):
            return
        journal = PurePosixPath(name).stem
        root = str(PurePosixPath(name).parent) + "/" if "/" in name else ""
        size, mtime_ns = stamp(tree, [name])
        for entry in data["entries"]:
            if not isinstance(entry, dict):
                continue
            notes: list[str] = []
            zone = _zone(entry, notes)
            said = Said(
                taken=_instant(entry.get("creationDate"), zone, "creationDate", notes),
                taken_label="Day One creationDate",
                caption=entry_text(entry.get("text")),
                keywords=[str(t) for t in seq(entry.get("tags"))],
                albums=[journal],
                place=_place(entry.get("location")),
                notes=notes,
            )
            key = str(entry.get("uuid") or entry.get("creationDate") or "")
            uri = f"{tree.uri(name)}#{key}"
            made = text_item(self.name, uri, key, said, size, mtime_ns, kind="journal")
            yield unless_known(known, made)
            for kind in ("photos", "videos"):
                for media in seq(entry.get(kind)):
                    if isinstance(media, dict):
                        yield self._media(tree, reader, known, name, root, kind, media, said, zone)

    def _media(
        self,
        tree: Tree,
        reader: MediaReader,
        known: KnownFiles,
        json_name: str,
        root: str,
        folder: str,
        media: dict[str, Any],
        entry: Said,
        zone: ZoneInfo | None,
    ) -> Found:
        md5, kind = str(media.get("md5") or ""), str(media.get("type") or "")
        name = f"{root}{folder}/{md5}.{kind}"
        if name not in tree.entries:
            found = [n for n in tree.entries if n.startswith(f"{root}{folder}/{md5}.")]
            if not md5 or not found:
                where = f"{tree.uri(json_name)}#{folder}/{md5 or media.get('identifier')}"
                return Skipped(where, "the journal names this file but it is not in the export")
            name = found[0]
        notes = list(entry.notes)
        taken = _instant(media.get("date"), zone, "photo date", notes) or entry.taken
        said = Said(
            taken=taken,
            taken_label="Day One photo date" if media.get("date") else entry.taken_label,
            keywords=entry.keywords,
            albums=entry.albums,
            place=_place(media.get("location")) or entry.place,
            notes=notes,
        )
        return media_item(self.name, tree, reader, name, said, known, [json_name])
