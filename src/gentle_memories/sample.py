"""The built-in sample library: a few years of photos around one day, some of them hard.

It is what the README's first command shows, and the tests build their photo
folders with `write_photo` too, so the sample and the tests exercise the same
real files: JPEGs with EXIF dates, captions and XMP people and keywords.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from gentle_memories.library import Library

_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
    "{subject}{people}</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _bag(tag: str, values: list[str]) -> str:
    if not values:
        return ""
    lis = "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values)
    return f"<{tag}><rdf:Bag>{lis}</rdf:Bag></{tag}>"


def write_photo(
    path: Path,
    taken: datetime,
    caption: str = "",
    people: list[str] | None = None,
    keywords: list[str] | None = None,
    seed: int | None = None,
    size: tuple[int, int] = (320, 240),
    gps: tuple[float, float] | None = None,
    camera: tuple[str, str] | None = None,
) -> Path:
    """A real JPEG with EXIF DateTimeOriginal (and offset when `taken` is aware), a caption
    in ImageDescription, GPS, the camera's make and model, and people and keywords in XMP.
    Its picture is drawn from `seed`, so two photos look alike only when they share one."""
    from PIL import Image, ImageDraw
    from PIL.ExifTags import IFD

    rng = random.Random(seed if seed is not None else f"{path.name!r}{taken}")
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(20, size[0] // 2), rng.randrange(20, size[1] // 2)
        draw.ellipse((x, y, x + w, y + h), fill=tuple(rng.randrange(256) for _ in range(3)))
    exif = Image.Exif()
    if caption:
        exif[0x010E] = caption
    if camera:
        exif[0x010F], exif[0x0110] = camera
    sub = exif.get_ifd(IFD.Exif)
    sub[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if taken.tzinfo:
        offset = taken.strftime("%z")
        sub[0x9011] = f"{offset[:3]}:{offset[3:]}"
    if gps:
        exif[IFD.GPSInfo] = _gps_ifd(*gps)
    xmp = _XMP.format(
        subject=_bag("dc:subject", keywords or []),
        people=_bag("Iptc4xmpExt:PersonInImage", people or []),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85, exif=exif, xmp=xmp.encode("utf-8"))
    return path


def _gps_ifd(lat: float, lon: float) -> dict:
    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        degrees, rest = int(value), (abs(value) - int(value)) * 60
        return (degrees, int(rest), round((rest - int(rest)) * 60, 4))

    return {
        1: "N" if lat >= 0 else "S",
        2: dms(lat),
        3: "E" if lon >= 0 else "W",
        4: dms(lon),
    }


@dataclass(frozen=True)
class _Shot:
    years_ago: int
    hour: int
    album: str
    caption: str = ""
    people: tuple[str, ...] = ()
    day_offset: int = 0
    seed: int | None = None
    gps: tuple[float, float] | None = None


HOME = (53.55, 9.99)
LAKE = (53.458, 12.262)

# The story of the sample: ordinary happy years at home, three days at a lake house far
# from it (a trip), one year with a hard stay in hospital (found by the care model), and
# one day the person chose to hide with a rule.
_SHOTS = (
    _Shot(
        1,
        9,
        "Lake house",
        "Pancakes at the lake house, everyone still in pyjamas",
        ("Maya",),
        gps=LAKE,
    ),
    _Shot(1, 9, "Lake house", "", ("Maya",), seed=101, gps=LAKE),
    _Shot(1, 9, "Lake house", "", ("Maya",), seed=101, gps=LAKE),
    _Shot(1, 16, "Lake house", "Maya caught her first fish", ("Maya",), gps=LAKE),
    _Shot(1, 10, "Lake house", "Rowing to the far shore", ("Maya",), day_offset=1, gps=LAKE),
    _Shot(1, 8, "Lake house", "Breakfast on the jetty", day_offset=2, gps=LAKE),
    _Shot(2, 11, "Garden", "The apple tree finally gave us apples", gps=HOME),
    _Shot(3, 22, "Hospital", "", day_offset=-1, gps=HOME),
    _Shot(3, 23, "Hospital", "The son we almost had. We held him for an hour.", gps=HOME),
    _Shot(3, 8, "Hospital", "", day_offset=1, gps=HOME),
    _Shot(4, 19, "Dinner", "Dinner with Sam at our old place", ("Sam",), gps=HOME),
    _Shot(6, 14, "Beach", "First swim of the year, cold and perfect"),
)
SAMPLE_RULE_YEARS_AGO = 4


def build_sample(library: Library, folder: Path, around: date) -> None:
    """Write the sample photos into `folder`, import them, and add the person's one rule."""
    from gentle_memories.importing import run_import
    from gentle_memories.understand.understanding import understand

    for number, shot in enumerate(_SHOTS):
        day = _years_before(around, shot.years_ago) + timedelta(days=shot.day_offset)
        taken = datetime(day.year, day.month, day.day, shot.hour, 10 + number)
        if shot.seed is not None:
            taken += timedelta(seconds=number)
        name = f"IMG_{taken:%Y%m%d_%H%M%S}.jpg"
        write_photo(
            folder / f"{day.year}" / shot.album / name,
            taken,
            shot.caption,
            list(shot.people),
            seed=shot.seed,
            gps=shot.gps,
        )
    run_import(library, [folder])
    understand(library)
    hidden = _years_before(around, SAMPLE_RULE_YEARS_AGO)
    if not any(r.target == "dates" and r.date_from == hidden for r in library.rules()):
        library.add_rule("hide", "dates", date_from=hidden, date_to=hidden)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
