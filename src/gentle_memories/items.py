"""The Item: what every importer yields and the library stores.

Importers speak only this shape, so that the stages after them never learn
which format a memory came from (docs/design.md, "Domain words").
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

Kind = Literal["photo", "video", "post", "story", "journal", "calendar"]
DateConfidence = Literal["exact", "inferred", "file_time"]


@dataclass(frozen=True)
class Place:
    lat: float | None = None
    lon: float | None = None
    name: str = ""


@dataclass
class Item:
    """One photo, video, post, story, journal entry or calendar entry.

    `taken_at` is timezone-aware when the offset is known and naive local time
    otherwise; `local_date` is the day the person lived it, which is what
    "on this day" matches on.
    """

    source: str
    uri: str
    kind: Kind
    content_hash: str
    taken_at: datetime | None
    date_confidence: DateConfidence
    date_source: str
    caption: str = ""
    title: str = ""
    keywords: list[str] = field(default_factory=list)
    albums: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    place: Place | None = None
    width: int | None = None
    height: int | None = None
    fingerprint: str | None = None
    clutter: str = ""
    """Why no memory shows it ("screenshot: screen-sized, no camera"), "" when nothing
    says so (understand/clutter.py)."""
    size: int = 0
    mtime_ns: int = 0
    offered: bool = True
    favourite: bool = False
    """Marked as a favourite in the photo app: shown first among the day's shots."""
    notes: list[str] = field(default_factory=list)

    @property
    def local_date(self) -> date | None:
        return self.taken_at.date() if self.taken_at else None

    @property
    def text(self) -> str:
        """Everything a person wrote about the item, for the care model to read."""
        parts = [self.title, self.caption, *self.keywords, *self.albums]
        return "\n".join(p for p in parts if p)


def words_of(
    kind: str, title: str, caption: str, keywords: list[str], albums: list[str]
) -> dict[str, list[str]]:
    """The words a person wrote about an item, each kind apart, as the care model reads
    them: {"caption": [...], "keyword": [...], "album": [...]}. An album's name is its own
    text, read once however many items it holds; a calendar entry's words come as
    "calendar", not "caption": a title such as "Vet" is a label, not a sentence."""
    caption = "\n".join(p for p in (title, caption) if p)
    keyword = ", ".join(keywords)
    said = "calendar" if kind == "calendar" else "caption"
    return {
        said: [caption] if caption else [],
        "keyword": [keyword] if keyword else [],
        "album": [a for a in albums if a],
    }


WORD_FIELDS = ("kind", "title", "caption", "keywords", "albums")
"""What words_of reads: an item whose any of these changed is read again."""


@dataclass
class StoredItem(Item):
    """An item as the library holds it: with its stable id and the event it belongs to.

    The id is taken from the content hash when the item is first seen and never
    changes after, so rules about it survive an edit of the file.
    """

    id: str = ""
    event_id: int | None = None
    day_rank: int | None = None
    collapsed_into: str | None = None
    """The shot a near-identical copy collapses into (its day rank is 0)."""
    owner_id: int | None = None
    """The user whose private source alone holds it; None: the household's."""


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}


def display_path(uri: str) -> str:
    """A uri safe to print: bytes of a file name that are not UTF-8 show as \ufffd, and
    control characters (a newline, a terminal escape) as \\xNN, so none acts on a screen."""
    return uri.encode("utf-8", "surrogateescape").decode("utf-8", "replace").translate(_CONTROL)


# An item's uri: the absolute path of its file; "zip:ARCHIVE!MEMBER" for a member of a
# zip read in place; "FILE#KEY" for a post or entry that lives inside an export's JSON.
ZIP_PREFIX = "zip:"


def zip_uri(archive: os.PathLike | str, member: str) -> str:
    return f"{ZIP_PREFIX}{archive}!{member}"


def container(uri: str) -> Path:
    """The file on disk an item lives in: itself, its zip, or its export's JSON file."""
    if uri.startswith(ZIP_PREFIX):
        return Path(uri[len(ZIP_PREFIX) :].partition("!")[0])
    path = Path(uri)
    if "#" in uri and not exists(path):
        return Path(uri.rpartition("#")[0])
    return path


def exists(path: Path) -> bool:
    """Whether a file is there; a name no file can have (too long, a NUL in it) is not."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def read_item_bytes(uri: str, limit: int) -> tuple[bytes, str] | None:
    """An item's bytes and file name, from disk or from its zip; None when it is gone,
    unreadable, or larger than `limit`."""
    try:
        if uri.startswith(ZIP_PREFIX):
            member = uri[len(ZIP_PREFIX) :].partition("!")[2]
            with zipfile.ZipFile(container(uri)) as zf:
                info = zf.getinfo(member)
                return (zf.read(info), member) if info.file_size <= limit else None
        path = Path(uri)
        if not path.is_file() or path.stat().st_size > limit:
            return None
        return path.read_bytes(), path.name
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def hash_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def hash_file(path: str, chunk: int = 1 << 20) -> str:
    h = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()
