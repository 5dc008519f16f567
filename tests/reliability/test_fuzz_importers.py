"""Fuzz every importer on its real formats: whatever the bytes, a scan never raises, and
every entry is an Item, or a Skipped with a one-line reason a person can read.

Each export is built once by the builders of its own tests; each example then rewrites
one of its files (a JSON file mutated in place or replaced, a photo's EXIF/XMP bytes
damaged, an XMP sidecar or a calendar filled with drawn text, a zip of drawn names and
members) and scans the whole export. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import copy
import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gentle_memories.items import Item
from gentle_memories.library import Library
from gentle_memories.sample import write_photo
from gentle_memories.sources.archive import ArchiveError
from gentle_memories.sources.base import Skipped, Unchanged
from gentle_memories.sources.dayone import DayOneImporter
from gentle_memories.sources.facebook import FacebookImporter
from gentle_memories.sources.folder import FolderImporter
from gentle_memories.sources.ics import CalendarImporter
from gentle_memories.sources.instagram import InstagramImporter
from gentle_memories.sources.takeout import TakeoutImporter
from tests.sources.test_dayone import build_dayone
from tests.sources.test_facebook import build_facebook
from tests.sources.test_ics import CALENDAR
from tests.sources.test_instagram import build_instagram
from tests.sources.test_takeout import build_takeout

FUZZ = settings(
    max_examples=100,
    deadline=timedelta(seconds=10),
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure shows its drawn input
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD_STRINGS = ["", "0", "-1", "1e999", "NaN", "9" * 30, "2019-06-01", "\x00", "../../etc/passwd"]
leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(ODD_STRINGS)
)


def json_values(keys: list[str]) -> st.SearchStrategy:
    """Any JSON value, its object keys mostly the ones the real file uses."""
    names = st.sampled_from(keys) | st.text(max_size=10) if keys else st.text(max_size=10)
    return st.recursive(
        leaves,
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(names, kids, max_size=5),
        max_leaves=16,
    )


def _spots(value, path=()):
    """Every place in a JSON value that a mutation may replace."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _spots(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _spots(child, (*path, index))


def _keys(value) -> list[str]:
    return sorted({key for spot in _spots(value) for key in spot if isinstance(key, str)})


@st.composite
def mutated_json(draw, original) -> bytes:
    """The real file with a few values replaced by drawn ones, or its bytes damaged."""
    raw = json.dumps(original).encode()
    how = draw(st.sampled_from(["values", "values", "bytes", "whole"]))
    if how == "bytes":
        return damaged(draw, raw)
    if how == "whole":
        return json.dumps(draw(json_values(_keys(original)))).encode()
    value = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 4))):
        spot = draw(st.sampled_from(list(_spots(value))))
        new = draw(json_values(_keys(original)))
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


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    library = Library.open(tmp_path_factory.mktemp("fuzz-home"))
    yield library.known_files()
    library.close()


EXPORTS = {
    "takeout": (TakeoutImporter, build_takeout),
    "instagram": (InstagramImporter, build_instagram),
    "facebook": (FacebookImporter, build_facebook),
    "dayone": (DayOneImporter, build_dayone),
}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_export_json_never_breaks_a_scan(kind, tmp_path, known):
    importer_class, build = EXPORTS[kind]
    root = build(tmp_path / kind)
    jsons = sorted(p for p in root.rglob("*.json") if _parses(p))
    originals = {p: json.loads(p.read_bytes()) for p in jsons}

    @FUZZ
    @given(data=st.data())
    def scan_with(data):
        target = data.draw(st.sampled_from(jsons), label="file")
        target.write_bytes(data.draw(mutated_json(originals[target]), label="content"))
        try:
            check(importer_class().scan(root, known))
        finally:
            target.write_text(json.dumps(originals[target]))

    scan_with()


def _parses(path: Path) -> bool:
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


def test_photos_with_damaged_exif_and_xmp_never_break_a_scan(tmp_path, known):
    folder = tmp_path / "photos"
    original = write_photo(
        tmp_path / "original.jpg",
        datetime(2019, 6, 1, 14, 0).astimezone(),
        "By the lake",
        ["Anna"],
        ["summer"],
        gps=(52.5, 13.4),
    ).read_bytes()
    header = original.find(b"\xff\xda")  # EXIF, XMP and tables all come before the scan data

    @FUZZ
    @given(data=st.data())
    def scan_with(data):
        folder.mkdir(exist_ok=True)
        photo = folder / "IMG_1.jpg"
        photo.write_bytes(damaged(data.draw, original, within=header))
        sidecar = folder / "IMG_1.jpg.xmp"
        if data.draw(st.booleans()):
            sidecar.write_text(data.draw(xmp_text()), encoding="utf-8", errors="surrogatepass")
        else:
            sidecar.unlink(missing_ok=True)
        found = check(FolderImporter(workers=1).scan(folder, known))
        assert len(found) == 1

    scan_with()


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


def test_calendars_never_break_a_scan(tmp_path, known):
    path = tmp_path / "family.ics"

    @FUZZ
    @given(text=calendar_text())
    def scan_with(text):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        check(CalendarImporter().scan(path, known))

    scan_with()


writable_names = st.text(min_size=1, max_size=40).filter(lambda n: zipfile.ZipInfo(n).filename)
member_names = writable_names | st.sampled_from(
    ["../x.jpg", "/abs.jpg", "a/../../b.json", "C:\\evil.jpg", "a\\b.json", "dir/", "x\x00.jpg"]
)


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_zips_of_drawn_names_and_members_never_break_a_scan(tmp_path, known):
    photo = write_photo(tmp_path / "p.jpg", datetime(2019, 6, 1, 14, 0), seed=1).read_bytes()
    path = tmp_path / "takeout.zip"
    prefix = "Takeout/Google Photos/Photos from 2019/"
    contents = st.sampled_from([photo, b"{}", b'{"title": "p.jpg"}', b""]) | st.binary(max_size=200)

    @FUZZ
    @given(members=st.lists(st.tuples(st.booleans(), member_names, contents), max_size=6))
    def scan_with(members):
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(prefix + "IMG_1.jpg.json", b'{"title": "IMG_1.jpg"}')
            for under_prefix, name, data in members:
                zf.writestr((prefix if under_prefix else "") + name, data)
        try:
            check(TakeoutImporter().scan(path, known))
        except ArchiveError as refused:
            assert "\n" not in str(refused)

    scan_with()


# Inputs the fuzzing found crashing an importer, kept as they were found.
CRASHES = {
    "takeout": (
        "Takeout/Google Photos/Photos from 2019/IMG_0003.jpg.json",
        {
            "title": "IMG_0003.jpg",
            "photoTakenTime": [],
            "creationTime": [[None, "1e999"]],
            "people": 5,
            "geoData": "here",
        },
    ),
    "facebook": (
        "your_facebook_activity/posts/album/0.json",
        {
            "name": "Mobile uploads",
            "photos": [
                {
                    "uri": "your_facebook_activity/posts/media/Mobileuploads_123/111.jpg",
                    "creation_timestamp": 1520236800,
                    "media_metadata": [[4.3e16], "x", True, {}],
                },
                {
                    "uri": "your_facebook_activity/posts/media/Mobileuploads_123/222.jpg",
                    "media_metadata": {"photo_metadata": {"exif_data": 7}},
                },
            ],
        },
    ),
    "dayone": (
        "Grief journal.json",
        {
            "metadata": {},
            "entries": [
                {
                    "uuid": "E3",
                    "creationDate": "2022-01-01T12:00:00Z",
                    "text": "Somewhere odd",
                    "timeZone": [None, {"country": "00\x1f0"}],
                    "tags": 7,
                    "photos": {"a": 1},
                },
                {
                    "uuid": "E4",
                    "creationDate": "2022-01-02T12:00:00Z",
                    "text": "A long zone",
                    "timeZone": "Europe/" + "x" * 300,
                },
            ],
        },
    ),
}


@pytest.mark.parametrize("kind", sorted(CRASHES))
def test_the_inputs_fuzzing_found_are_read_or_skipped(kind, tmp_path, known):
    importer_class, build = EXPORTS[kind]
    root = build(tmp_path / kind)
    name, data = CRASHES[kind]
    assert (root / name).exists(), "the builder still writes the file the crash was found in"
    (root / name).write_text(json.dumps(data))
    assert any(isinstance(f, Item) for f in check(importer_class().scan(root, known)))
