"""What the importer fuzzing shares: the inputs it draws (Hypothesis strategies and
mutators of real files) and the invariant it checks. Imported by the short run in CI
(tests/reliability/test_fuzz_importers.py) and by the long one (bench/bench_fuzz.py).
"""

from __future__ import annotations

import copy
import functools
import json
import zipfile
from pathlib import Path

from hypothesis import strategies as st

from gentle_memories.items import Item
from gentle_memories.sources.base import Skipped, Unchanged
from gentle_memories.sources.dayone import DayOneImporter
from gentle_memories.sources.facebook import FacebookImporter
from gentle_memories.sources.instagram import InstagramImporter
from gentle_memories.sources.takeout import TakeoutImporter
from tests.sources.test_dayone import build_dayone
from tests.sources.test_facebook import build_facebook
from tests.sources.test_ics import CALENDAR
from tests.sources.test_instagram import build_instagram
from tests.sources.test_takeout import build_takeout

# Each export importer with the builder of its own tests' export.
EXPORTS = {
    "takeout": (TakeoutImporter, build_takeout),
    "instagram": (InstagramImporter, build_instagram),
    "facebook": (FacebookImporter, build_facebook),
    "dayone": (DayOneImporter, build_dayone),
}

ODD_STRINGS = ["", "0", "-1", "1e999", "NaN", "9" * 30, "2019-06-01", "\x00", "../../etc/passwd"]
leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(ODD_STRINGS)
)


@functools.cache
def json_values(keys: tuple[str, ...]) -> st.SearchStrategy:
    """Any JSON value, its object keys mostly the ones the real file uses. Kept per key
    set: building a recursive strategy on every draw was half of a fuzz run's time."""
    names = st.sampled_from(keys) | st.text(max_size=10) if keys else st.text(max_size=10)
    return st.recursive(
        leaves,
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(names, kids, max_size=5),
        max_leaves=16,
    )


def spots(value, path=()):
    """Every place in a JSON value that a mutation may replace."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from spots(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from spots(child, (*path, index))


def keys_of(value) -> tuple[str, ...]:
    return tuple(sorted({key for spot in spots(value) for key in spot if isinstance(key, str)}))


@st.composite
def mutated_json(draw, original) -> bytes:
    """The real file with a few values replaced by drawn ones, or its bytes damaged."""
    raw = json.dumps(original).encode()
    how = draw(st.sampled_from(["values", "values", "bytes", "whole"]))
    if how == "bytes":
        return damaged(draw, raw)
    if how == "whole":
        return json.dumps(draw(json_values(keys_of(original)))).encode()
    value = copy.deepcopy(original)
    values = json_values(keys_of(original))
    for _ in range(draw(st.integers(1, 4))):
        spot = draw(st.sampled_from(list(spots(value))))
        new = draw(values)
        if not spot:
            value = new
            continue
        parent = value
        for step in spot[:-1]:
            parent = parent[step]
        parent[spot[-1]] = new
    return json.dumps(value).encode()


def damaged(draw, data: bytes, within: int | None = None) -> bytes:
    """Bytes truncated, or with a few runs overwritten (within the first `within` bytes)."""
    data = bytearray(data)
    if draw(st.booleans()):
        return bytes(data[: draw(st.integers(0, len(data)))])
    end = min(len(data), within or len(data))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(end - 1, 0)))
        data[at : at + 4] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


def check(found) -> list:
    """The fuzz invariant: only Items and Unchanged, or Skipped with a one-line reason."""
    out = list(found)
    for f in out:
        assert isinstance(f, Item | Skipped | Unchanged), f
        if isinstance(f, Skipped):
            assert f.reason.strip() and "\n" not in f.reason, f
    return out


def parses(path: Path) -> bool:
    try:
        json.loads(path.read_bytes())
    except ValueError:
        return False
    return True


XMP_FIELDS = ["dc:subject", "dc:description", "Iptc4xmpExt:PersonInImage", "xmp:CreateDate"]


@st.composite
def xmp_text(draw) -> str:
    """An XMP packet with drawn values and structure, or drawn text alone."""
    if draw(st.booleans()):
        return draw(st.text(max_size=300))
    body = "".join(
        f"<{field}>{draw(st.text(max_size=40))}</{field}>"
        if draw(st.booleans())
        else f"<{field}><rdf:Bag><rdf:li>{draw(st.text(max_size=40))}</rdf:li></rdf:Bag></{field}>"
        for field in draw(st.lists(st.sampled_from(XMP_FIELDS), max_size=4))
    )
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">{body}'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


@st.composite
def calendar_text(draw) -> str:
    """The real calendar with some lines replaced by drawn ones, or property values drawn."""
    lines = CALENDAR.splitlines()
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        name = lines[at].split(":", 1)[0]
        if draw(st.booleans()):
            lines[at] = f"{name}:{draw(st.text(max_size=40))}"
        else:
            lines[at] = draw(st.text(max_size=60))
    return "\r\n".join(lines)


writable_names = st.text(min_size=1, max_size=40).filter(lambda n: zipfile.ZipInfo(n).filename)
member_names = writable_names | st.sampled_from(
    ["../x.jpg", "/abs.jpg", "a/../../b.json", "C:\\evil.jpg", "a\\b.json", "dir/", "x\x00.jpg"]
)
TAKEOUT_PREFIX = "Takeout/Google Photos/Photos from 2019/"


def write_drawn_zip(path: Path, members) -> None:
    """A Takeout zip with one real sidecar and the drawn (under_prefix, name, data) members."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(TAKEOUT_PREFIX + "IMG_1.jpg.json", b'{"title": "IMG_1.jpg"}')
        for under_prefix, name, data in members:
            zf.writestr((TAKEOUT_PREFIX if under_prefix else "") + name, data)
