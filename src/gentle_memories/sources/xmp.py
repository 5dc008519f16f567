"""XMP: sidecar files and the parts of an XMP packet that say who, what and where.

Values come as pyexiv2 flattens them (`Xmp.dc.subject`, `Xmp.mwg-rs.Regions/...[1]/...`),
so embedded packets and sidecars are read by the same code.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import pyexiv2

Xmp = dict[str, Any]

_MWG_REGION = re.compile(r"^Xmp\.mwg-rs\.Regions/mwg-rs:RegionList\[(\d+)\]/mwg-rs:(Name|Type)$")
_MP_REGION = re.compile(r"^Xmp\.MP\.RegionInfo/MPRI:Regions\[(\d+)\]/MPReg:PersonDisplayName$")
_XMP_GPS = re.compile(
    r"^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$"
)

pyexiv2.set_log_level(4)


def sidecar_paths(path: Path) -> list[Path]:
    """photo.jpg.xmp before photo.xmp: the first names this one file, the second may be shared."""
    names = [path.name + ".xmp", path.name + ".XMP", path.stem + ".xmp", path.stem + ".XMP"]
    seen: list[Path] = []
    for name in names:
        candidate = path.with_name(name)
        if candidate not in seen and candidate.is_file():
            seen.append(candidate)
    return seen


def decode_packet(raw: bytes) -> str:
    """XMP text in UTF-8 or UTF-16/32, with or without a byte-order mark (Windows tools)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(encoding, "replace")
    if raw[:1] == b"\x00" and raw[1:2] != b"\x00":
        return raw.decode("utf-16-be", "replace")
    if raw[1:2] == b"\x00" and raw[:1] != b"\x00":
        return raw.decode("utf-16-le", "replace")
    return raw.decode("utf-8", "replace")


def read_sidecar(path: Path) -> Xmp:
    """The properties of an XMP sidecar; ValueError when it is not XMP."""
    text = decode_packet(path.read_bytes())
    start = text.find("<")
    try:
        with pyexiv2.ImageData(text[max(start, 0) :].encode("utf-8")) as img:
            return img.read_xmp()
    except Exception as exc:  # pyexiv2 raises bare RuntimeError/Exception for bad input
        raise ValueError(f"XMP sidecar {path.name} could not be read: {exc}") from exc


def text_value(value: Any) -> str:
    """A plain string from a simple value, a lang-alt map (x-default first) or a list."""
    if isinstance(value, dict):
        default = value.get('lang="x-default"')
        value = default if default is not None else next(iter(value.values()), "")
    elif isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if str(v).strip()]


def keywords(xmp: Xmp) -> list[str]:
    """dc:subject plus the leaf names of Lightroom and digiKam keyword trees."""
    found = as_list(xmp.get("Xmp.dc.subject"))
    found += [k.split("|")[-1] for k in as_list(xmp.get("Xmp.lr.hierarchicalSubject"))]
    found += [k.split("/")[-1] for k in as_list(xmp.get("Xmp.digiKam.TagsList"))]
    return found


def people(xmp: Xmp) -> list[str]:
    """Names in MWG face regions, Microsoft Photo regions and IPTC PersonInImage."""
    regions: dict[str, dict[str, str]] = {}
    for key, value in xmp.items():
        m = _MWG_REGION.match(key)
        if m:
            regions.setdefault(m[1], {})[m[2]] = str(value).strip()
    found = [
        r["Name"] for r in regions.values() if r.get("Name") and r.get("Type", "Face") == "Face"
    ]
    found += [str(v).strip() for k, v in xmp.items() if _MP_REGION.match(k) and str(v).strip()]
    found += as_list(xmp.get("Xmp.iptcExt.PersonInImage"))
    return found


def _coordinate(text: Any) -> float | None:
    m = _XMP_GPS.match(str(text or ""))
    if not m:
        return None
    degrees = float(m[1]) + float(m[2] or 0) / 60 + float(m[3] or 0) / 3600
    return -degrees if m[4] in "SW" else degrees


def gps(xmp: Xmp) -> tuple[float, float] | None:
    lat, lon = (
        _coordinate(xmp.get("Xmp.exif.GPSLatitude")),
        _coordinate(xmp.get("Xmp.exif.GPSLongitude")),
    )
    return (lat, lon) if lat is not None and lon is not None else None
