"""Caption, title, keywords, people, place and capture-time witnesses of one photo or video.

Sidecars are listed first and win: they hold what a person set in their photo
manager after the camera wrote its own values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gentle_memories.items import Place
from gentle_memories.sources import xmp as x
from gentle_memories.sources.capture_time import Stamp, stamp
from gentle_memories.sources.embedded import Tags, exif_gps, user_comment

_CAMERA_JUNK = re.compile(
    r"^(?:.*digital camera|sony dsc|default|exif_jpeg_picture|easyshare.*|dcf.*|dcim.*"
    r"|image|picture|photo|untitled|no description|user comments?|<.*>|[\W_\d]*)$",
    re.IGNORECASE,
)
_XMP_DATES = (
    ("Xmp.exif.DateTimeOriginal", "exif:DateTimeOriginal"),
    ("Xmp.photoshop.DateCreated", "photoshop:DateCreated"),
)


def unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        v = v.strip()
        if v and v.casefold() not in seen:
            seen[v.casefold()] = v
    return list(seen.values())


def _is_junk(text: str, tags: Tags) -> bool:
    make, model = tags.exif.get("Exif.Image.Make", ""), tags.exif.get("Exif.Image.Model", "")
    camera = {
        make.strip().casefold(),
        model.strip().casefold(),
        f"{make} {model}".strip().casefold(),
    }
    return bool(_CAMERA_JUNK.match(text.strip())) or text.strip().casefold() in camera


def _first_text(candidates: Iterable[str], tags: Tags) -> str:
    return next((c.strip() for c in candidates if c and not _is_junk(c, tags)), "")


def caption(tags: Tags, sidecars: list[x.Xmp]) -> str:
    exif = tags.exif
    return _first_text(
        [
            *(x.text_value(s.get("Xmp.dc.description")) for s in [*sidecars, tags.xmp]),
            x.text_value(tags.iptc.get("Iptc.Application2.Caption")),
            exif.get("Exif.Image.ImageDescription", ""),
            user_comment(exif.get("Exif.Photo.UserComment")),
            exif.get("Exif.Image.XPComment", "").strip("\x00"),
        ],
        tags,
    )


def title(tags: Tags, sidecars: list[x.Xmp]) -> str:
    return _first_text(
        [
            *(x.text_value(s.get("Xmp.dc.title")) for s in [*sidecars, tags.xmp]),
            x.text_value(tags.iptc.get("Iptc.Application2.ObjectName")),
            tags.exif.get("Exif.Image.XPTitle", "").strip("\x00"),
        ],
        tags,
    )


def keywords(tags: Tags, sidecars: list[x.Xmp]) -> list[str]:
    """The first source that has keywords: sidecar, embedded XMP, IPTC, Windows XPKeywords."""
    sources = [
        *(x.keywords(s) for s in sidecars),
        x.keywords(tags.xmp),
        x.as_list(tags.iptc.get("Iptc.Application2.Keywords")),
        tags.exif.get("Exif.Image.XPKeywords", "").strip("\x00").split(";"),
    ]
    return next((found for s in sources if (found := unique(s))), [])


def people(tags: Tags, sidecars: list[x.Xmp]) -> list[str]:
    for s in sidecars:
        if found := unique(x.people(s)):
            return found
    return unique(x.people(tags.xmp))


def _place_name(tags: Tags, sidecars: list[x.Xmp]) -> str:
    for s in [*sidecars, tags.xmp]:
        parts = [
            x.text_value(s.get(f"Xmp.{k}"))
            for k in ("iptc.Location", "photoshop.City", "photoshop.State", "photoshop.Country")
        ]
        if any(parts):
            return ", ".join(unique(parts))
    keys = ("SubLocation", "City", "ProvinceState", "CountryName")
    parts = [x.text_value(tags.iptc.get(f"Iptc.Application2.{k}")) for k in keys]
    return ", ".join(unique(parts))


def place(
    tags: Tags, sidecars: list[x.Xmp], extra: tuple[float, float] | None = None
) -> Place | None:
    """GPS from a sidecar, then EXIF, then embedded XMP, then the video's own; 0,0 is no place."""
    found = [x.gps(s) for s in sidecars] + [exif_gps(tags.exif), x.gps(tags.xmp), extra]
    coords = next(
        (
            c
            for c in found
            if c and abs(c[0]) <= 90 and abs(c[1]) <= 180 and (abs(c[0]) > 1e-6 or abs(c[1]) > 1e-6)
        ),
        None,
    )
    name = _place_name(tags, sidecars)
    if coords is None and not name:
        return None
    lat, lon = coords if coords else (None, None)
    return Place(lat=lat, lon=lon, name=name)


def _xmp_stamps(xmp: x.Xmp, prefix: str) -> list[Stamp | None]:
    found = [stamp(f"{prefix} {label}", x.text_value(xmp.get(key))) for key, label in _XMP_DATES]
    return found


def _iptc_stamp(tags: Tags) -> Stamp | None:
    day = x.text_value(tags.iptc.get("Iptc.Application2.DateCreated"))
    # IPTC requires an offset, so tools that do not know one write +00:00: not evidence of UTC.
    time = x.text_value(tags.iptc.get("Iptc.Application2.TimeCreated")).removesuffix("+00:00")
    if not day:
        return None
    return stamp("IPTC DateCreated", f"{day}T{time}" if time else day)


def photo_stamps(tags: Tags, sidecars: list[x.Xmp]) -> list[Stamp | None]:
    """Witnesses in order of trust: what says "taken at" before what says "digitised at"."""
    e = tags.exif
    found: list[Stamp | None] = []
    for s in sidecars:
        found += _xmp_stamps(s, "XMP sidecar")
        found.append(stamp("XMP sidecar xmp:CreateDate", x.text_value(s.get("Xmp.xmp.CreateDate"))))
    found.append(
        stamp(
            "EXIF DateTimeOriginal",
            e.get("Exif.Photo.DateTimeOriginal"),
            e.get("Exif.Photo.SubSecTimeOriginal"),
            e.get("Exif.Photo.OffsetTimeOriginal"),
        )
    )
    found += _xmp_stamps(tags.xmp, "XMP")
    found.append(_iptc_stamp(tags))
    found.append(
        stamp(
            "EXIF DateTimeDigitized",
            e.get("Exif.Photo.DateTimeDigitized"),
            e.get("Exif.Photo.SubSecTimeDigitized"),
            e.get("Exif.Photo.OffsetTimeDigitized"),
        )
    )
    found.append(stamp("XMP xmp:CreateDate", x.text_value(tags.xmp.get("Xmp.xmp.CreateDate"))))
    return found
