"""EXIF, IPTC and XMP embedded in a photo, read by exiv2 (via pyexiv2) from the file's bytes.

Bytes rather than a path, so that file names exiv2 cannot encode (invalid UTF-8)
are read like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pyexiv2

from gentle_memories.sources.xmp import Xmp

pyexiv2.set_log_level(4)

_COMMENT_PREFIXES = {
    b"ASCII\x00\x00\x00": "ascii",
    b"UNICODE\x00": "utf-16",
    b"JIS\x00\x00\x00\x00\x00": "shift_jis",
    b"\x00" * 8: "utf-8",
}


@dataclass
class Tags:
    exif: dict[str, str] = field(default_factory=dict)
    iptc: dict[str, Any] = field(default_factory=dict)
    xmp: Xmp = field(default_factory=dict)
    width: int | None = None
    height: int | None = None


def read_tags(data: bytes) -> Tags:
    """All embedded metadata; ValueError when exiv2 cannot read the file."""
    try:
        return _read(data, "utf-8")
    except UnicodeDecodeError:
        return _read(data, "latin-1")
    except Exception as exc:  # pyexiv2 raises bare RuntimeError/Exception for bad input
        raise ValueError(str(exc)) from exc


def _read(data: bytes, encoding: str) -> Tags:
    with pyexiv2.ImageData(data) as img:
        return Tags(
            exif=img.read_exif(encoding=encoding),
            iptc=img.read_iptc(encoding=encoding),
            xmp=img.read_xmp(encoding=encoding),
            width=img.get_pixel_width() or None,
            height=img.get_pixel_height() or None,
        )


def user_comment(value: str | None) -> str:
    """EXIF UserComment text, whichever way exiv2 renders its 8-byte charset prefix."""
    text = (value or "").strip()
    if re.fullmatch(r"\d+(?: \d+)*", text):
        raw = bytes(int(b) for b in text.split() if int(b) < 256)
        encoding = _COMMENT_PREFIXES.get(raw[:8])
        if encoding is None:
            return ""
        body = raw[8:]
        if encoding == "utf-16":
            encoding = "utf-16-be" if body[:1] == b"\x00" else "utf-16-le"
        return body.decode(encoding, "replace").strip("\x00 ")
    return re.sub(r"^charset=\"?\w+\"?\s*", "", text).strip("\x00 ")


def _rational(text: str) -> float | None:
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        return None


def _dms(text: str | None, ref: str | None) -> float | None:
    parts = [_rational(p) for p in (text or "").split()]
    if not parts or any(p is None for p in parts):
        return None
    degrees = sum(p / 60**i for i, p in enumerate(parts))
    return -degrees if (ref or "").strip().upper() in {"S", "W"} else degrees


def exif_gps(exif: dict[str, str]) -> tuple[float, float] | None:
    lat = _dms(exif.get("Exif.GPSInfo.GPSLatitude"), exif.get("Exif.GPSInfo.GPSLatitudeRef"))
    lon = _dms(exif.get("Exif.GPSInfo.GPSLongitude"), exif.get("Exif.GPSInfo.GPSLongitudeRef"))
    return (lat, lon) if lat is not None and lon is not None else None
