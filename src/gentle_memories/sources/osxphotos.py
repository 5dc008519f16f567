"""osxphotos JSON sidecars: what Apple Photos knew about an exported photo.

`osxphotos export --sidecar json` writes photo.jpg.json (photo.json with
--sidecar-drop-ext) in ExifTool's JSON: a list of one object with tag-group prefixes
("XMP:Title", "EXIF:ImageDescription", "XMP:PersonInImage"); `--sidecar exiftool`
writes the same without the prefixes (osxphotos' export help and sidecars.py). Apple
Photos' title, description, keywords and persons are there, which the exported file
itself may lack. Its XMP sidecars (photo.jpg.xmp) are read by the folder importer like
any XMP sidecar.

The folder importer claims the sidecar beside its photo (`sidecar_names`), reads the
photo, and `enrich(info, read_sidecar(sidecar))` lays the sidecar over it: like an XMP
sidecar, the sidecar wins for every value it holds.
A Google Takeout sidecar (one JSON object, not a list) is not mistaken for one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from gentle_memories.items import Place
from gentle_memories.sources.capture_time import choose, stamp
from gentle_memories.sources.describe import unique
from gentle_memories.sources.exported import coordinates
from gentle_memories.sources.media import MediaInfo

_TITLE = ("Title", "ObjectName")
_CAPTION = ("Description", "ImageDescription", "Caption-Abstract")
_KEYWORDS = ("TagsList", "Keywords")
_PEOPLE = ("PersonInImage",)


@dataclass
class AppleSidecar:
    """What one osxphotos sidecar says; empty fields say nothing."""

    path: Path
    title: str = ""
    caption: str = ""
    keywords: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    taken: datetime | None = None
    taken_label: str = ""
    place: Place | None = None


def sidecar_names(media_name: str) -> list[str]:
    """The names an osxphotos JSON sidecar of this file may have, most specific first."""
    stem = Path(media_name).stem
    return [f"{media_name}.json", f"{stem}.json"]


def read_sidecar(path: Path) -> AppleSidecar | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError):
        return None
    if not (isinstance(data, list) and data and isinstance(data[0], dict)):
        return None
    tags = {k.split(":", 1)[-1]: v for k, v in data[0].items()}
    if "SourceFile" not in tags and not any(":" in k for k in data[0]):
        return None
    when = stamp(
        "osxphotos sidecar DateTimeOriginal",
        tags.get("DateTimeOriginal") or tags.get("CreationDate") or tags.get("CreateDate"),
        None,
        tags.get("OffsetTimeOriginal"),
    )
    good = when and when.when and not choose([when], path.name, 0).notes
    return AppleSidecar(
        path=path,
        title=_text(tags, _TITLE),
        caption=_text(tags, _CAPTION),
        keywords=_list(tags, _KEYWORDS),
        people=_list(tags, _PEOPLE),
        taken=when.when if good else None,
        taken_label=when.label if good else "",
        place=_gps(tags),
    )


def _text(tags: dict[str, Any], keys: tuple[str, ...]) -> str:
    return next((str(tags[k]).strip() for k in keys if str(tags.get(k) or "").strip()), "")


def _list(tags: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    for k in keys:
        value = tags.get(k)
        values = value if isinstance(value, list) else [value] if value else []
        if found := unique(str(v) for v in values):
            return found
    return []


def _gps(tags: dict[str, Any]) -> Place | None:
    lat, lon = tags.get("GPSLatitude"), tags.get("GPSLongitude")
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if str(tags.get("GPSLatitudeRef", "")).upper().startswith("S"):
        lat = -abs(lat)
    if str(tags.get("GPSLongitudeRef", "")).upper().startswith("W"):
        lon = -abs(lon)
    coords = coordinates(lat, lon)
    return Place(lat=coords[0], lon=coords[1]) if coords else None


def enrich(info: MediaInfo, sidecar: AppleSidecar | None) -> MediaInfo:
    """The file's metadata with the sidecar laid over it: each value the sidecar holds wins."""
    if sidecar is None:
        return info
    timed = sidecar.taken is not None
    return replace(
        info,
        title=sidecar.title or info.title,
        caption=sidecar.caption or info.caption,
        keywords=sidecar.keywords or info.keywords,
        people=sidecar.people or info.people,
        place=sidecar.place or info.place,
        taken_at=sidecar.taken if timed else info.taken_at,
        date_confidence="exact" if timed else info.date_confidence,
        date_source=sidecar.taken_label if timed else info.date_source,
        notes=[*info.notes, f"Apple Photos metadata from {sidecar.path.name}"],
    )
