"""What every export importer shares: finding the export, reading its JSON and its epoch
times, and turning an exported photo plus the export's words into one Item.

Precedence when an export's JSON and the media file's own metadata both speak
(the same for Takeout, Instagram, Facebook and Day One):
- time: the export's capture time first (Google Photos and Facebook keep the person's
  date corrections there), told in the zone the photo's own EXIF gives (its offset, or
  the offset between its wall-clock time and the export's instant when that is a whole
  time zone), else in the zone of its GPS, else in this computer's zone
  (sources/place_zone.py); then the photo's own metadata time; then
  the export's upload/post time (inferred); the file's time last.
- caption: the export's (typed by the person in the service) over the embedded one;
  title, keywords, size and fingerprint from the file; people and keywords are united;
  place: the export's coordinates unless (0, 0), else the file's GPS.
- offered: the export decides (Takeout archived or trashed items are not offered).

Incremental: an item remembers the newest mtime of the files it was made of (the media
and its JSON); in a zip that is the part's own mtime, so an unchanged zip re-imports as
Unchanged without reading a single photo again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from gentle_memories.items import DateConfidence, Item, Kind, Place, hash_bytes, hash_file
from gentle_memories.sources import archive, place_zone
from gentle_memories.sources.base import Found, KnownFiles, Skipped, Unchanged
from gentle_memories.sources.capture_time import FIRST_PHOTOGRAPH_YEAR
from gentle_memories.sources.describe import unique
from gentle_memories.sources.media import MediaInfo, NotMedia, read_media
from gentle_memories.sources.tree import DirTree, Entry, Tree, read_bytes, shallow_names

MAX_JSON = 256 << 20  # the largest export JSON read (Meta's post files reach tens of MB)
PLACEHOLDER_EPOCH = 2 * 86400  # "0" and its time-zone shifts: a date nobody set
_METADATA_SOURCES_NOT_OWN = {"file name", "file modification time"}


# --- finding the export ------------------------------------------------------


class Listing:
    """The names in a path (folder, zip, split zip) and their first bytes, for detection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.parts = _zip_parts(self.path)
        if self.parts is not None:
            if len(self.parts) == 1:
                archive.listing(self.parts[0])  # a damaged single zip says so, clearly
            infos = [i for p in self.parts for i in _readable(p)]
            archive.check_bomb(str(self.path), infos, archive.Limits())
            self.names = archive.member_names(self.parts)
        elif self.path.is_dir():
            self.names = shallow_names(self.path)
        else:
            self.names = [self.path.name]

    def head(self, name: str, size: int = 65536) -> bytes:
        try:
            if self.parts is not None:
                tree = archive.ZipTree(self.parts)
                try:
                    with tree.open(name) as f:
                        return f.read(size)
                finally:
                    tree.close()
            target = self.path / name if self.path.is_dir() else self.path
            with open(target, "rb") as f:
                return f.read(size)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error):
            return b""  # a damaged member: no head, so no format claims it for it


def listing_of(path: Path) -> Listing:
    """The Listing of a path, shared by every importer's detect while the path is unchanged."""
    st = os.stat(path)
    return _listing(os.path.abspath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _listing(path: str, mtime_ns: int, size: int) -> Listing:
    return Listing(Path(path))


def _readable(part: Path) -> list:
    try:
        return archive.listing(part)
    except archive.ArchiveError:
        return []


def _zip_parts(path: Path) -> list[Path] | None:
    if path.is_dir():
        return archive.zips_in(path)
    if path.suffix.lower() == ".zip" or archive.is_zip(path):
        return archive.split_parts(path)
    return None


def open_tree(path: Path) -> Tree:
    """The export at path as a Tree; ArchiveError for a zip bomb or an unreadable zip."""
    path = Path(os.path.abspath(path))
    parts = _zip_parts(path)
    if parts is not None:
        return archive.ZipTree(parts, label=str(path))
    if path.is_dir():
        return DirTree(path)
    return DirTree(path.parent, only=path.name)


def root_of(names: list[str], marker: str) -> str:
    """The folder prefix ("" or "x/y/") under which `marker` was found in a name."""
    for name in names:
        if name == marker or name.endswith("/" + marker):
            return name[: len(name) - len(marker)]
    return ""


# --- JSON and times -----------------------------------------------------------


def load_json(tree: Tree, name: str) -> Any | Skipped:
    """The parsed JSON of a file, or a Skipped that says what is wrong with it.

    A file larger than MAX_JSON is not read at all: parsed, it would take many times its
    size in memory, and no export writes one JSON file that large."""
    size = tree.entries[name].size if name in tree.entries else 0
    if size > MAX_JSON:
        return Skipped(
            tree.uri(name),
            f"a JSON file of {size:,} bytes, more than any export writes"
            f" (the limit is {MAX_JSON:,}); not read",
        )
    try:
        raw = read_bytes(tree, name)
    except (OSError, ValueError, EOFError) as exc:
        return Skipped(tree.uri(name), f"could not be read: {exc}")
    if not raw.strip():
        return Skipped(tree.uri(name), "an empty JSON file")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Skipped(tree.uri(name), "not UTF-8 text, so not the JSON this export writes")
    except json.JSONDecodeError as exc:
        return Skipped(
            tree.uri(name),
            f"invalid or truncated JSON (line {exc.lineno}, column {exc.colno}: {exc.msg});"
            " the rest of the export was still read",
        )


def epoch(value: Any, label: str, notes: list[str]) -> datetime | None:
    """An epoch-seconds value (int, float or the strings Google writes) as a UTC instant.

    A placeholder (1 January 1970) or a time in the future is passed over with a note."""
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        notes.append(f"{label} {value!r} ignored (not a number of seconds)")
        return None
    if seconds <= PLACEHOLDER_EPOCH:
        notes.append(f"{label} {value!r} ignored (1 January 1970: a date nobody set)")
        return None
    try:
        when = datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):  # NaN, or beyond the years a date can hold
        notes.append(f"{label} {value!r} ignored (not a possible time)")
        return None
    if when > datetime.now(UTC) + timedelta(days=1):
        notes.append(f"{label} {when:%Y-%m-%d} ignored (in the future)")
        return None
    return when


def sound_local(when: datetime | None, label: str, notes: list[str]) -> datetime | None:
    """A wall-clock time an export states, unless it is before photography or in the future."""
    if when is None:
        return None
    naive = when.astimezone().replace(tzinfo=None) if when.tzinfo else when
    if naive.year < FIRST_PHOTOGRAPH_YEAR or naive > datetime.now() + timedelta(days=1):
        notes.append(f"{label} {when:%Y-%m-%d} ignored (not a possible date)")
        return None
    return when


def obj(value: Any) -> dict[str, Any]:
    """The JSON object an export should hold at a place, or {} when it holds something else."""
    return value if isinstance(value, dict) else {}


def seq(value: Any) -> list[Any]:
    """The JSON array an export should hold at a place, or [] when it holds something else."""
    return value if isinstance(value, list) else []


def coordinates(lat: Any, lon: Any) -> tuple[float, float] | None:
    """A latitude/longitude pair, or None for missing values and for (0, 0), which means none."""
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if abs(la) < 1e-9 and abs(lo) < 1e-9:
        return None
    if not (abs(la) <= 90 and abs(lo) <= 180):  # beyond the globe, or NaN
        return None
    return la, lo


def make_place(coords: tuple[float, float] | None, name: str = "") -> Place | None:
    if coords is None and not name:
        return None
    lat, lon = coords if coords else (None, None)
    return Place(lat=lat, lon=lon, name=name)


# --- what an export says about one item ----------------------------------------


@dataclass
class Said:
    """What an export says about one photo, video or post; empty fields say nothing."""

    taken: datetime | None = None
    taken_label: str = ""
    taken_has_time: bool = True
    posted: datetime | None = None
    posted_label: str = ""
    caption: str = ""
    title: str = ""
    people: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    albums: list[str] = field(default_factory=list)
    place: Place | None = None
    offered: bool = True
    kind: Kind | None = None
    notes: list[str] = field(default_factory=list)


def _zone_from(info: MediaInfo | None, instant: datetime) -> tuple[timezone | None, str]:
    """The time zone the photo itself tells for an instant, and how it told it."""
    if info is None or info.date_source in _METADATA_SOURCES_NOT_OWN:
        return None, ""
    if place_zone.told_from_utc(info.date_source):
        return None, ""  # the file knows only the instant too
    own = info.taken_at
    if own.tzinfo is not None and own.utcoffset() is not None:
        return own.tzinfo, f"zone from {info.date_source}"
    delta = own.replace(microsecond=0) - instant.replace(tzinfo=None, microsecond=0)
    if abs(delta) <= timedelta(hours=14) and delta % timedelta(minutes=15) == timedelta(0):
        return timezone(delta), f"zone from {info.date_source}"
    return None, ""


def _told(
    when: datetime, label: str, info: MediaInfo | None, place: Place | None
) -> tuple[datetime, str]:
    """A UTC instant told in the zone it was lived in, with its date source; a time that
    has its zone keeps it."""
    if when.tzinfo is not UTC:
        return when, label
    zone, how = _zone_from(info, when)
    if zone is not None:
        return when.astimezone(zone), f"{label} ({how})"
    return place_zone.tell(label, when, place)


def settle_time(
    said: Said, info: MediaInfo | None, place: Place | None
) -> tuple[datetime | None, DateConfidence, str, list[str]]:
    """Taken-at, confidence, source and notes, by the precedence in this module's docstring;
    `place` is where the item was taken, whose zone an instant is told in."""
    notes: list[str] = []
    if said.taken is not None:
        when, source = _told(said.taken, said.taken_label, info, place)
        exact: DateConfidence = "exact" if said.taken_has_time else "inferred"
        return when, exact, source, notes
    if info is not None and info.date_source not in _METADATA_SOURCES_NOT_OWN:
        return info.taken_at, info.date_confidence, info.date_source, notes
    if info is not None and info.date_source == "file name":
        return info.taken_at, info.date_confidence, info.date_source, notes
    if said.posted is not None:
        when, source = _told(said.posted, said.posted_label, info, place)
        confidence: DateConfidence = "exact" if info is None else "inferred"
        return when, confidence, source, notes
    if info is not None:
        return info.taken_at, info.date_confidence, info.date_source, notes
    return None, "file_time", "no date", notes


def merge(said: Said, info: MediaInfo | None) -> dict[str, Any]:
    """Item fields from the export's words and the file's own metadata."""
    own_place = info.place if info else None
    place = _merge_place(said.place, own_place)
    taken_at, confidence, source, notes = settle_time(said, info, place)
    return {
        "kind": said.kind or (info.kind if info else "post"),
        "taken_at": taken_at,
        "date_confidence": confidence,
        "date_source": source,
        "caption": said.caption or (info.caption if info else ""),
        "title": said.title or (info.title if info else ""),
        "keywords": unique([*said.keywords, *(info.keywords if info else [])]),
        "albums": unique(said.albums),
        "people": unique([*said.people, *(info.people if info else [])]),
        "place": place,
        "width": info.width if info else None,
        "height": info.height if info else None,
        "fingerprint": info.fingerprint if info else None,
        "clutter": info.clutter if info else "",
        "offered": said.offered,
        "notes": [*said.notes, *notes, *(info.notes if info else [])],
    }


def _merge_place(said: Place | None, own: Place | None) -> Place | None:
    if said is None:
        return own
    if said.lat is None and own is not None and own.lat is not None:
        return replace(own, name=said.name or own.name)
    return said


# --- items ----------------------------------------------------------------------


def stamp(tree: Tree, names: list[str]) -> tuple[int, int]:
    """(size of the first file, newest mtime of all): what must change for a re-read."""
    found = [tree.entries[n] for n in names if n in tree.entries]
    return (found[0].size if found else 0), max((e.mtime_ns for e in found), default=0)


class MediaReader:
    """Reads exported media files: on disk in place, in a zip through one temporary copy.

    read_media needs a file, so a zip member is streamed once into a private temporary
    folder (hashing it on the way) and removed as soon as it has been read."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def read(self, entry: Entry) -> tuple[MediaInfo, str]:
        """The file's own metadata and its content hash; NotMedia or OSError on failure."""
        path = self.tree.disk_path(entry.name)
        if path is not None:
            return read_media(path), hash_file(str(path))
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="gentle-memories-")
        copy = Path(self._tmp.name) / (PurePosixPath(entry.name).name or "member")
        h = hashlib.blake2b(digest_size=20)
        with self.tree.open(entry.name) as src, open(copy, "wb") as dst:
            while block := src.read(1 << 20):
                h.update(block)
                dst.write(block)
        try:
            os.utime(copy, ns=(entry.mtime_ns, entry.mtime_ns))
            return read_media(copy, sidecars=[]), h.hexdigest()
        finally:
            copy.unlink(missing_ok=True)

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def media_item(
    source: str,
    tree: Tree,
    reader: MediaReader,
    name: str,
    said: Said,
    known: KnownFiles,
    also: list[str] | None = None,
) -> Found:
    """One exported media file as an Item (or Unchanged, or Skipped with its reason).

    `also` names the other files the item was made from (its JSON), for the stamp."""
    uri = tree.uri(name)
    size, mtime_ns = stamp(tree, [name, *(also or [])])
    if known.unchanged(uri, size, mtime_ns):
        return Unchanged(uri)
    try:
        info, content_hash = reader.read(tree.entries[name])
    except NotMedia as exc:
        return Skipped(uri, str(exc))
    except (OSError, ValueError, EOFError) as exc:
        return Skipped(uri, f"could not be read: {exc}")
    except Exception as exc:  # one odd file must not stop the import
        return Skipped(uri, f"could not be read: {type(exc).__name__}: {exc}")
    return Item(
        source=source,
        uri=uri,
        content_hash=content_hash,
        size=size,
        mtime_ns=mtime_ns,
        **merge(said, info),
    )


def text_item(
    source: str, uri: str, key: str, said: Said, size: int, mtime_ns: int, kind: Kind = "post"
) -> Item | Skipped:
    """A post or journal entry with no media: its words are the item.

    Its content hash comes from the source, a key stable across exports (an id or a
    time) and the text, so a re-import finds the same item again."""
    fields = merge(replace(said, kind=said.kind or kind), None)
    if fields["taken_at"] is None:
        return Skipped(uri, "a post with no date; it cannot be placed on a day")
    text = "\n".join([fields["title"], fields["caption"]])
    return Item(
        source=source,
        uri=uri,
        content_hash=hash_bytes(f"{source}\n{key}\n{text}".encode()),
        size=size,
        mtime_ns=mtime_ns,
        **fields,
    )


def unless_known(known: KnownFiles, found: Item | Skipped) -> Found:
    """Unchanged for an item the library holds as it is now (made of unchanged files)."""
    if isinstance(found, Item) and known.unchanged(found.uri, found.size, found.mtime_ns):
        return Unchanged(found.uri)
    return found


def find_media(tree: Tree, base: str, uri: str) -> str | None:
    """The tree name a JSON's media uri points at: relative to the export root, maybe
    without its extension (Instagram), maybe with the export's own folder in front."""
    uri = uri.strip().lstrip("/")
    if not uri or "://" in uri or archive.unsafe_name(uri):
        return None
    for candidate in (base + uri, uri):
        if candidate in tree.entries:
            return candidate
    stem = PurePosixPath(base + uri)
    siblings = [
        n for n in tree.entries if n.startswith(str(stem) + ".") and not n.endswith(".json")
    ]
    return siblings[0] if siblings else None


# --- the importer shape ---------------------------------------------------------


class ExportImporter:
    """Importer protocol (sources/base.py) for an export read as a Tree.

    Subclasses say how to recognise their export from its names (`looks_like`) and
    how to read it (`scan_tree`); opening, closing and refusals are done here once."""

    name = "export"

    def looks_like(self, listing: Listing) -> bool:
        raise NotImplementedError

    def scan_tree(self, tree: Tree, known: KnownFiles) -> Iterator[Found]:
        raise NotImplementedError

    def detect(self, path: Path) -> bool:
        return self.looks_like(listing_of(path))

    def count(self, path: Path) -> int | None:
        return None

    def scan(self, path: Path, known: KnownFiles) -> Iterator[Found]:
        tree = open_tree(path)
        try:
            yield from tree.refused
            yield from self.scan_tree(tree, known)
        finally:
            tree.close()
