"""One photo or video file -> what it says about itself (MediaInfo), or why it is no item.

A pure function of the file and its sidecars, so the folder importer can run it in
worker processes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

from PIL import Image

from gentle_memories.items import DateConfidence, Place
from gentle_memories.sources import describe, place_zone
from gentle_memories.sources.capture_time import Stamp, choose, stamp, utc_stamp
from gentle_memories.sources.embedded import Tags, read_tags
from gentle_memories.sources.pixels import dhash, jpeg_has_image_data, small_copy
from gentle_memories.sources.quicktime import read_cr3_exif, read_movie
from gentle_memories.sources.sniff import HEAD_SIZE, RAW_SUFFIXES, Format, sniff
from gentle_memories.sources.xmp import Xmp, read_sidecar, sidecar_paths
from gentle_memories.understand import clutter

_RAW_NAMES = {s[1:].upper() for s in RAW_SUFFIXES} | {"CRW", "MRW", "RAF", "ORF", "RW2", "CR3"}


class NotMedia(Exception):
    """A file that is not an item; str() is a one-line reason a person can act on."""


@dataclass
class MediaInfo:
    kind: Literal["photo", "video"]
    taken_at: datetime
    date_confidence: DateConfidence
    date_source: str
    caption: str = ""
    title: str = ""
    keywords: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    place: Place | None = None
    width: int | None = None
    height: int | None = None
    fingerprint: str | None = None
    clutter: str = ""
    notes: list[str] = field(default_factory=list)


def read_media(
    path: Path,
    st: os.stat_result | None = None,
    sidecars: Sequence[Path] | None = None,
) -> MediaInfo:
    """Read one file; sidecars default to photo.jpg.xmp then photo.xmp beside it."""
    try:
        return _read(Path(path), st, sidecars)
    except PermissionError as exc:
        raise NotMedia("permission denied") from exc
    except FileNotFoundError as exc:
        raise NotMedia("the file disappeared while it was read") from exc
    except OSError as exc:
        raise NotMedia(f"could not be read: {exc.strerror or exc}") from exc


def _read(path: Path, st: os.stat_result | None, sidecars: Sequence[Path] | None) -> MediaInfo:
    st = st or os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotMedia("not a regular file")
    if st.st_size == 0:
        raise NotMedia("empty file")
    notes: list[str] = []
    with open(path, "rb") as f:
        head = f.read(HEAD_SIZE)
        fmt = sniff(head, path.suffix)
        if fmt.kind is None:
            raise NotMedia(fmt.reason)
        side = _read_sidecars(sidecar_paths(path) if sidecars is None else sidecars, notes)
        if fmt.kind == "video":
            tags, movie_stamps, extra, fp = _video(f)
            small = colour = data = None
        else:
            data = head + f.read()
            tags, fp, small, colour = _photo(data, fmt, notes)
            movie_stamps, extra = [], None
    when = choose([*describe.photo_stamps(tags, side), *movie_stamps], path.name, st.st_mtime_ns)
    place = describe.place(tags, side, extra)
    taken_at, source = when.taken_at, when.source
    if when.in_utc:
        taken_at, source = place_zone.tell(source, taken_at, place)
    width, height = tags.width, tags.height
    if tags.exif.get("Exif.Image.Orientation", "").strip() in {"5", "6", "7", "8"}:
        width, height = height, width
    verdict = ""
    if data is not None:
        photo = clutter.Photo(path.name, fmt.name, tags.exif, width, height, small, colour)
        verdict = _clutter(photo, notes)
    return MediaInfo(
        kind=fmt.kind,
        taken_at=taken_at,
        date_confidence=when.confidence,
        date_source=source,
        caption=describe.caption(tags, side),
        title=describe.title(tags, side),
        keywords=describe.keywords(tags, side),
        people=describe.people(tags, side),
        place=place,
        width=width,
        height=height,
        fingerprint=fp,
        clutter=verdict,
        notes=notes + when.notes,
    )


def _read_sidecars(paths: Sequence[Path], notes: list[str]) -> list[Xmp]:
    found = []
    for p in paths:
        try:
            found.append(read_sidecar(Path(p)))
        except (OSError, ValueError) as exc:
            notes.append(f"{exc}; sidecar ignored" if isinstance(exc, ValueError) else str(exc))
    return found


def _video(f: BinaryIO) -> tuple[Tags, list[Stamp | None], tuple[float, float] | None, None]:
    movie = read_movie(f)
    stamps = [stamp("QuickTime CreationDate", movie.apple_created)]
    if movie.created_utc:
        stamps.append(utc_stamp("QuickTime CreateDate", movie.created_utc))
    return Tags(width=movie.width, height=movie.height), stamps, movie.location, None


def _photo(
    data: bytes, fmt: Format, notes: list[str]
) -> tuple[Tags, str | None, Image.Image | None, Image.Image | None]:
    """Tags, fingerprint, the grey copy and, where no camera took it, the colour copy that
    text is read from. The fingerprint never depends on the EXIF, so a true copy stripped
    of its metadata is still one."""
    if fmt.name == "JPEG" and not jpeg_has_image_data(data):
        raise NotMedia("truncated JPEG: no image data")
    try:
        tags = read_tags(data)
    except ValueError as exc:
        tags = _raw_fallback(data, fmt, str(exc))
        if not tags.exif:
            notes.append(f"embedded metadata could not be read ({exc})")
    small = colour = None
    try:
        small = small_copy(data, fmt.name, clutter.SIDE, "L")
        if not clutter.has_camera(tags.exif):
            colour = small_copy(data, fmt.name, clutter.TEXT_SIDE)
    except ValueError as exc:
        lost = "no fingerprint" if small is None else "not read for text"
        notes.append(f"image data could not be decoded ({exc}); {lost}")
    return tags, dhash(small) if small is not None else None, small, colour


def _clutter(photo: clutter.Photo, notes: list[str]) -> str:
    try:
        return clutter.judge(photo)
    except Exception as exc:  # the OCR model failing to load must not stop an import
        notes.append(f"not judged for clutter: the text reader failed ({exc})")
        return ""


def _raw_fallback(data: bytes, fmt: Format, problem: str) -> Tags:
    if fmt.name == "CR3":
        try:
            exif = read_cr3_exif(data)
        except Exception:  # a damaged CR3 is reported below like any unreadable raw
            exif = {}
        if exif:
            w, h = exif.get("Exif.Photo.PixelXDimension"), exif.get("Exif.Photo.PixelYDimension")
            return Tags(exif=exif, width=int(w) if w else None, height=int(h) if h else None)
    if fmt.name in _RAW_NAMES:
        raise NotMedia(f"{fmt.name} raw file whose metadata cannot be read ({problem})")
    return Tags()
