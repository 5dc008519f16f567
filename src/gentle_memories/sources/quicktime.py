"""Capture time, size and place of MP4/MOV videos, read from their boxes; CR3 raw EXIF too.

Only the `moov` box is read, so a multi-gigabyte video costs a few seeks. QuickTime
times count seconds since 1904 in UTC; Apple also keeps the local time with its
offset under com.apple.quicktime.creationdate, which is preferred when present.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

from PIL import Image

_EPOCH_1904 = datetime(1904, 1, 1, tzinfo=UTC)
_UNSET = {0, 2082844800}  # 1904 and 1970 epochs: a clock that was never set
_MAX_MOOV = 64 << 20
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"udta", b"meta", b"ilst"}
_CANON_UUID = bytes.fromhex("85c0b687820f11e08111f4ce462b6a48")
_ISO6709 = re.compile(r"([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")

_CR3_TAGS = {
    b"CMT1": {
        0x010E: "Exif.Image.ImageDescription",
        0x010F: "Exif.Image.Make",
        0x0110: "Exif.Image.Model",
        0x0112: "Exif.Image.Orientation",
    },
    b"CMT2": {
        0x9003: "Exif.Photo.DateTimeOriginal",
        0x9004: "Exif.Photo.DateTimeDigitized",
        0x9011: "Exif.Photo.OffsetTimeOriginal",
        0x9012: "Exif.Photo.OffsetTimeDigitized",
        0x9291: "Exif.Photo.SubSecTimeOriginal",
        0x9292: "Exif.Photo.SubSecTimeDigitized",
        0xA002: "Exif.Photo.PixelXDimension",
        0xA003: "Exif.Photo.PixelYDimension",
    },
}


@dataclass
class Movie:
    created_utc: datetime | None = None
    apple_created: str = ""
    location: tuple[float, float] | None = None
    width: int | None = None
    height: int | None = None


def _boxes(
    data: memoryview, start: int = 0, end: int | None = None
) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box in data[start:end]."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1 and pos + 16 <= end:
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind, pos + header, pos + size
        pos += size


def read_moov(f: BinaryIO) -> memoryview | None:
    """The top-level moov box's payload, found by seeking past everything else."""
    f.seek(0, io.SEEK_END)
    file_end = f.tell()
    pos = 0
    while pos + 8 <= file_end:
        f.seek(pos)
        header = f.read(16)
        if len(header) < 8:
            return None
        size, kind = struct.unpack_from(">I4s", header)
        skip = 8
        if size == 1 and len(header) == 16:
            size, skip = struct.unpack_from(">Q", header, 8)[0], 16
        elif size == 0:
            size = file_end - pos
        if size < skip:
            return None
        if kind == b"moov":
            if size > _MAX_MOOV:
                return None
            f.seek(pos + skip)
            return memoryview(f.read(size - skip))
        pos += size
    return None


def _walk(
    data: memoryview, start: int, end: int, path: tuple[bytes, ...] = ()
) -> Iterator[tuple[tuple[bytes, ...], int, int]]:
    for kind, a, b in _boxes(data, start, end):
        yield (*path, kind), a, b
        if kind in _CONTAINERS:
            if kind == b"meta" and bytes(data[a + 4 : a + 8]) != b"hdlr":
                a += 4  # MP4 meta is a full box; QuickTime meta is not
            yield from _walk(data, a, b, (*path, kind))


def _mvhd_time(data: memoryview, a: int) -> datetime | None:
    version = data[a]
    seconds = struct.unpack_from(">Q" if version == 1 else ">I", data, a + 4)[0]
    if seconds in _UNSET:
        return None
    return _EPOCH_1904 + timedelta(seconds=seconds)


def _tkhd_size(data: memoryview, a: int, b: int) -> tuple[int, int]:
    offset = a + (88 if data[a] == 1 else 76)
    if offset + 8 > b:
        return 0, 0
    w, h = struct.unpack_from(">II", data, offset)
    return w >> 16, h >> 16


def _location(text: str) -> tuple[float, float] | None:
    m = _ISO6709.match(text.strip())
    return (float(m[1]), float(m[2])) if m else None


def _apple_items(data: memoryview, keys: tuple[int, int], ilst: tuple[int, int]) -> dict[str, str]:
    a, b = keys
    names = []
    for _, ka, kb in _boxes(data, a + 8, b):
        names.append(bytes(data[ka:kb]).decode("utf-8", "replace"))
    values = {}
    for kind, ia, ib in _boxes(data, *ilst):
        index = int.from_bytes(kind, "big") - 1
        for dkind, da, db in _boxes(data, ia, ib):
            if dkind == b"data" and 0 <= index < len(names):
                values[names[index]] = bytes(data[da + 8 : db]).decode("utf-8", "replace")
    return values


def read_movie(f: BinaryIO) -> Movie:
    """What an MP4/MOV says about itself; fields stay empty where it says nothing."""
    movie = Movie()
    moov = read_moov(f)
    if moov is None:
        return movie
    keys = ilst = None
    for path, a, b in _walk(moov, 0, len(moov)):
        kind = path[-1]
        if kind == b"mvhd" and len(path) == 1:
            movie.created_utc = _mvhd_time(moov, a)
        elif kind == b"tkhd":
            w, h = _tkhd_size(moov, a, b)
            if w and h and (movie.width or 0) < w:
                movie.width, movie.height = w, h
        elif kind == b"\xa9xyz" and b - a > 4:
            movie.location = _location(bytes(moov[a + 4 : b]).decode("latin-1"))
        elif kind == b"keys" and path[-2:-1] == (b"meta",):
            keys = (a, b)
        elif kind == b"ilst" and path[-2:-1] == (b"meta",):
            ilst = (a, b)
    if keys and ilst:
        apple = _apple_items(moov, keys, ilst)
        movie.apple_created = apple.get("com.apple.quicktime.creationdate", "")
        where = apple.get("com.apple.quicktime.location.ISO6709", "")
        movie.location = _location(where) or movie.location
    return movie


def read_cr3_exif(data: bytes) -> dict[str, str]:
    """EXIF of a Canon CR3 (TIFF blocks CMT1/CMT2 inside a uuid box), keyed as pyexiv2 keys."""
    moov = read_moov(io.BytesIO(data))
    found: dict[str, str] = {}
    if moov is None:
        return found
    for kind, a, b in _boxes(moov):
        if kind != b"uuid" or bytes(moov[a : a + 16]) != _CANON_UUID:
            continue
        for block, ba, bb in _boxes(moov, a + 16, b):
            names = _CR3_TAGS.get(block)
            if not names:
                continue
            exif = Image.Exif()
            exif.load(bytes(moov[ba:bb]))
            for tag, key in names.items():
                if tag in exif:
                    found[key] = str(exif[tag]).strip("\x00 ")
    return found
