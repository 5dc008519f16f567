"""Fuzz every importer on its real formats: whatever the bytes, a scan never raises, and
every entry is an Item, or a Skipped with a one-line reason a person can read.

Each export is built once by the builders of its own tests; each example then rewrites
one of its files (a JSON file mutated in place or replaced, a photo's EXIF/XMP bytes
damaged, an XMP sidecar or a calendar filled with drawn text, a zip of drawn names and
members) and scans the whole export. Examples are bounded so the suite stays fast; the
drawn inputs live in tests/reliability/fuzzing.py, shared with the long run in
bench/bench_fuzz.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gentle_memories.items import Item
from gentle_memories.library import Library
from gentle_memories.sample import write_photo
from gentle_memories.sources.archive import ArchiveError
from gentle_memories.sources.folder import FolderImporter
from gentle_memories.sources.ics import CalendarImporter
from gentle_memories.sources.takeout import TakeoutImporter
from tests.conftest import make_item
from tests.reliability.fuzzing import (
    EXPORTS,
    calendar_text,
    check,
    damaged,
    member_names,
    mutated_json,
    parses,
    write_drawn_zip,
    xmp_text,
)

FUZZ = settings(
    max_examples=100,
    deadline=timedelta(seconds=10),
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure shows its drawn input
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    library = Library.open(tmp_path_factory.mktemp("fuzz-home"))
    yield library.known_files()
    library.close()


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_export_json_never_breaks_a_scan(kind, tmp_path, known):
    importer_class, build = EXPORTS[kind]
    root = build(tmp_path / kind)
    jsons = sorted(p for p in root.rglob("*.json") if parses(p))
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


def test_calendars_never_break_a_scan(tmp_path, known):
    path = tmp_path / "family.ics"

    @FUZZ
    @given(text=calendar_text())
    def scan_with(text):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        check(CalendarImporter().scan(path, known))

    scan_with()


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_zips_of_drawn_names_and_members_never_break_a_scan(tmp_path, known):
    photo = write_photo(tmp_path / "p.jpg", datetime(2019, 6, 1, 14, 0), seed=1).read_bytes()
    path = tmp_path / "takeout.zip"
    contents = st.sampled_from([photo, b"{}", b'{"title": "p.jpg"}', b""]) | st.binary(max_size=200)

    @FUZZ
    @given(members=st.lists(st.tuples(st.booleans(), member_names, contents), max_size=6))
    def scan_with(members):
        write_drawn_zip(path, members)
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


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_a_zip_with_damaged_member_headers_never_breaks_detect(kind, tmp_path):
    """Found by bench/bench_fuzz.py: detect read a member's head through a damaged local
    header and raised BadZipFile, which no caller expects of detect."""
    from tests.sources.exports import zip_folder

    importer_class, build = EXPORTS[kind]
    path = zip_folder(build(tmp_path / kind), tmp_path / f"{kind}.zip")
    path.write_bytes(path.read_bytes().replace(b"PK\x03\x04", b"XK\x03\x04"))
    importer_class().detect(path)  # no exception; the listing still names the members


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_a_zip_with_damaged_member_headers_is_read_or_skipped(kind, tmp_path, known):
    """Found by bench/bench_fuzz.py: a member whose local header is damaged raised
    BadZipFile out of the scan instead of becoming a Skipped."""
    from tests.sources.exports import zip_folder

    importer_class, build = EXPORTS[kind]
    path = zip_folder(build(tmp_path / kind), tmp_path / f"{kind}.zip")
    path.write_bytes(path.read_bytes().replace(b"PK\x03\x04", b"XK\x03\x04"))
    try:
        check(importer_class().scan(path, known))
    except ArchiveError as refused:
        assert "\n" not in str(refused)


def test_an_entry_key_too_long_for_a_file_name_still_saves(tmp_path):
    """Found by bench/bench_fuzz.py: an export entry's key longer than a file name (or
    with a NUL in it) made the check whether its uri is a file raise OSError on save."""
    from gentle_memories.items import container

    journal = tmp_path / "Journal.json"
    journal.write_text("{}")
    for key in ("x" * 300, "a\x00b"):
        assert container(f"{journal}#{key}") == journal
    library = Library.open(tmp_path / "home")
    item = make_item(datetime(2020, 1, 2), "Long key")
    long_key = replace(item, uri=f"{journal}#{'x' * 300}")
    assert library.save_all([long_key, long_key]) == ["imported", "unchanged"]
    library.close()


def test_a_zip_of_a_version_this_python_cannot_read_is_refused_in_one_line(tmp_path):
    """Found by bench/bench_fuzz.py: a damaged 'version needed' in the central directory
    raised NotImplementedError out of the scan."""
    from gentle_memories.sources.archive import listing

    path = tmp_path / "takeout.zip"
    write_drawn_zip(path, [])
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02") + 6  # version needed to extract
    data[at : at + 2] = b"\xff\x00"
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError) as refused:
        listing(path)
    assert "\n" not in str(refused.value)
    try:
        check(TakeoutImporter().scan(path, Library.open(tmp_path / "h").known_files()))
    except ArchiveError as refused_scan:
        assert "\n" not in str(refused_scan)


def test_a_life_event_in_a_year_past_any_integer_keeps_the_post(tmp_path, known):
    """Found by bench/bench_fuzz.py: a year too large for a C long raised OverflowError."""
    importer_class, build = EXPORTS["facebook"]
    root = build(tmp_path / "facebook")
    (posts,) = [p for p in root.rglob("*.json") if b'"year": 2019' in p.read_bytes()]
    posts.write_bytes(posts.read_bytes().replace(b'"year": 2019', b'"year": ' + b"9" * 30))
    found = check(importer_class().scan(root, known))
    assert any(isinstance(f, Item) and "Lost a Loved One" in f.caption for f in found)
