"""One Immich asset, as Immich's API describes it, becomes an item.

Immich keeps three times: `fileCreatedAt` (the moment, in UTC), `localDateTime` (the
wall-clock time where it was taken, written as if it were UTC) and the EXIF time zone.
Their difference is the offset, so an item gets its own local day even when the
server runs in another zone. Archived, hidden, locked and trashed assets are kept, never
offered, as Takeout's archive is.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from gentle_memories.items import Item, Kind, Place
from gentle_memories.sources.base import Skipped
from gentle_memories.sources.immich.api import parse_time

SOURCE = "immich"
URI_PREFIX = "immich:"
KINDS: dict[str, Kind] = {"IMAGE": "photo", "VIDEO": "video"}
NOT_OFFERED = {
    "archive": "archived in Immich",
    "hidden": "hidden in Immich",
    "locked": "in Immich's locked folder",
}


def uri(asset_id: str) -> str:
    return f"{URI_PREFIX}{asset_id}"


def asset_id(item_uri: str) -> str | None:
    """The Immich asset an item's uri names, None for an item of another source."""
    return item_uri[len(URI_PREFIX) :] if item_uri.startswith(URI_PREFIX) else None


def to_item(asset: dict[str, Any], albums: list[str]) -> Item | Skipped:
    """The item for one asset, or why it cannot be one."""
    where = uri(asset["id"])
    kind = KINDS.get(asset.get("type", ""))
    if kind is None:
        return Skipped(
            where, f"an Immich asset of type {asset.get('type')!r} is not a photo or video"
        )
    try:
        checksum = base64.b64decode(asset["checksum"], validate=True).hex()
    except (KeyError, binascii.Error, TypeError):
        return Skipped(where, "the Immich asset has no checksum to know it by")
    exif = asset.get("exifInfo") or {}
    taken_at, confidence, said = _taken_at(asset, exif)
    visibility = asset.get("visibility", "timeline")
    why_not = "in Immich's trash" if asset.get("isTrashed") else NOT_OFFERED.get(visibility)
    lat, lon = exif.get("latitude"), exif.get("longitude")
    place_name = ", ".join(p for p in (exif.get("city"), exif.get("country")) if p)
    return Item(
        source=SOURCE,
        uri=where,
        kind=kind,
        content_hash=checksum,
        taken_at=taken_at,
        date_confidence=confidence,
        date_source=said,
        caption=(exif.get("description") or "").strip(),
        keywords=[t["name"] for t in asset.get("tags") or [] if t.get("name")],
        albums=albums,
        people=sorted({p["name"].strip() for p in asset.get("people") or [] if p.get("name")}),
        place=Place(lat, lon, place_name) if lat is not None or place_name else None,
        width=exif.get("exifImageWidth") or asset.get("width"),
        height=exif.get("exifImageHeight") or asset.get("height"),
        size=exif.get("fileSizeInByte") or 0,
        mtime_ns=int(parse_time(asset["updatedAt"]).timestamp() * 1_000_000_000),
        offered=why_not is None,
        favourite=bool(asset.get("isFavorite")),
        notes=[f"{why_not}: kept, never offered"] if why_not else [],
    )


def _taken_at(asset: dict, exif: dict) -> tuple[datetime, str, str]:
    moment = parse_time(asset["fileCreatedAt"])
    local = parse_time(asset["localDateTime"]).replace(tzinfo=None)
    if not exif.get("dateTimeOriginal"):
        return local, "file_time", "Immich: the file's time"
    if not exif.get("timeZone"):
        return local, "exact", "Immich: EXIF date, no time zone"
    offset = local - moment.astimezone(UTC).replace(tzinfo=None)
    minutes = round(offset / timedelta(minutes=15)) * 15
    if abs(minutes) > 14 * 60:
        return local, "exact", "Immich: EXIF date, no time zone"
    zone = timezone(timedelta(minutes=minutes))
    return local.replace(tzinfo=zone), "exact", f"Immich: EXIF date, {exif['timeZone']}"
