"""Google Photos Takeout: sidecar naming quirks, times and zones, albums, hidden items, zips."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from gentle_memories.sample import write_photo
from gentle_memories.sources.takeout import TakeoutImporter, sidecar_key
from tests.sources.exports import imported, scan, write_json, zip_folder

LAKE = datetime(2019, 6, 1, 12, 0, tzinfo=UTC)


def sidecar(taken: datetime | int, title: str, **extra) -> dict:
    ts = taken if isinstance(taken, int) else int(taken.timestamp())
    return {
        "title": title,
        "description": extra.pop("description", ""),
        "imageViews": "3",
        "creationTime": {"timestamp": str(ts + 3600), "formatted": "..."},
        "photoTakenTime": {"timestamp": str(ts), "formatted": "..."},
        "geoData": extra.pop("geo", {"latitude": 0.0, "longitude": 0.0, "altitude": 0.0}),
        "geoDataExif": extra.pop("geo_exif", {"latitude": 0.0, "longitude": 0.0}),
        "url": "https://photos.google.com/photo/x",
        **extra,
    }


def build_takeout(root: Path) -> Path:
    """A Takeout as Google writes it, with each naming quirk once."""
    photos = root / "Takeout" / "Google Photos"
    year = photos / "Photos from 2019"
    lake = write_photo(year / "IMG_20190601_140000.jpg", datetime(2019, 6, 1, 14, 0), seed=1)
    write_json(
        year / "IMG_20190601_140000.jpg.supplemental-metadata.json",
        sidecar(
            LAKE,
            lake.name,
            description="Our last day at the lake with Grandpa",
            people=[{"name": "Anna"}, {"name": "Grandpa Joe"}],
            geo_exif={"latitude": 52.5, "longitude": 13.4},
        ),
    )
    album = photos / "Lake trip"
    shutil.copy(lake, album.mkdir(parents=True) or album / lake.name)
    shutil.copy(year / f"{lake.name}.supplemental-metadata.json", album)
    write_json(album / "metadata.json", {"title": "Lake trip", "date": {"timestamp": "1559390400"}})

    long_name = "PXL_20200101_101010123.LONG_EXPOSURE-02.ORIGINAL.jpg"
    write_photo(year / long_name, datetime(2020, 1, 1, 10, 10), seed=2)
    clipped = (long_name + ".supplemental-metadata")[:46]
    write_json(
        year / f"{clipped}.json",
        sidecar(datetime(2020, 1, 1, 9, 10, tzinfo=UTC), long_name, description="fireworks"),
    )

    write_photo(year / "IMG_0001.jpg", datetime(2019, 7, 1, 9, 0), seed=3)
    write_photo(year / "IMG_0001(1).jpg", datetime(2019, 7, 2, 9, 0), seed=4)
    write_json(
        year / "IMG_0001.jpg.supplemental-metadata.json",
        sidecar(datetime(2019, 7, 1, 7, 0, tzinfo=UTC), "IMG_0001.jpg", description="first"),
    )
    write_json(
        year / "IMG_0001.jpg.supplemental-metadata(1).json",
        sidecar(datetime(2019, 7, 2, 7, 0, tzinfo=UTC), "IMG_0001.jpg", description="second"),
    )

    write_photo(year / "IMG_0002.jpg", datetime(2019, 8, 1, 9, 0), seed=5)
    write_photo(year / "IMG_0002-bearbeitet.jpg", datetime(2019, 8, 1, 9, 0), seed=6)
    write_json(
        year / "IMG_0002.jpg.json",
        sidecar(datetime(2019, 8, 1, 7, 0, tzinfo=UTC), "IMG_0002.jpg", description="edited twin"),
    )

    write_photo(year / "Holiday snap.jpg", datetime(2019, 9, 1, 9, 0), seed=7)
    write_json(
        year / "unrelated-name.json",
        sidecar(datetime(2019, 9, 1, 7, 0, tzinfo=UTC), "Holiday snap.jpg", description="by title"),
    )

    write_photo(year / "IMG_0003.jpg", datetime(2019, 10, 1, 9, 0), seed=8)
    write_json(
        year / "IMG_0003.jpg.json",
        sidecar(datetime(2019, 10, 1, 7, 0, tzinfo=UTC), "IMG_0003.jpg", archived=True),
    )
    write_photo(year / "IMG_0004.jpg", datetime(2019, 10, 2, 9, 0), seed=9)
    write_json(
        year / "IMG_0004.jpg.json",
        sidecar(datetime(2019, 10, 2, 7, 0, tzinfo=UTC), "IMG_0004.jpg", trashed=True),
    )

    write_json(year / "gone.jpg.supplemental-metadata.json", sidecar(LAKE, "gone.jpg"))
    write_photo(year / "lonely.jpg", datetime(2019, 11, 1, 9, 0), seed=10)
    write_photo(year / "broken.jpg", datetime(2019, 11, 2, 9, 0), seed=11)
    (year / "broken.jpg.json").write_text('{"title": "broken.jpg", "photoTak')
    write_photo(year / "zero.jpg", datetime(2019, 11, 3, 9, 0), seed=12)
    write_json(year / "zero.jpg.json", sidecar(0, "zero.jpg", description="epoch zero"))
    (photos / "archive_browser.html").write_text("<html></html>")
    return root


@pytest.fixture
def takeout(tmp_path: Path) -> Path:
    return build_takeout(tmp_path / "export")


def test_sidecar_names_are_read_back_to_the_photo_they_were_written_for():
    assert sidecar_key("a.jpg.supplemental-metadata.json") == ("a.jpg", "")
    assert sidecar_key("a.jpg.suppl.json") == ("a.jpg", "")
    assert sidecar_key("a.jpg..json") == ("a.jpg", "")
    assert sidecar_key("a.jpg.supplemental-metadata(1).json") == ("a.jpg", "1")
    assert sidecar_key("a.jpg(2).json") == ("a.jpg", "2")


def test_every_naming_quirk_finds_its_sidecar(takeout, library):
    found = scan(TakeoutImporter(), takeout, library)
    lake = found.by_caption("last day at the lake")
    # EXIF says 14:00 with no offset, Google says 12:00 UTC: the photo was taken at +02:00
    assert lake.taken_at == datetime(2019, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert lake.date_confidence == "exact"
    assert "photoTakenTime" in lake.date_source
    assert lake.people == ["Anna", "Grandpa Joe"]
    assert (lake.place.lat, lake.place.lon) == (52.5, 13.4)  # geoData (0,0) means none
    assert "Lake trip" in lake.albums
    assert found.by_caption("fireworks").uri.endswith("ORIGINAL.jpg")
    assert found.by_name("/IMG_0001.jpg").caption == "first"
    assert found.by_name("/IMG_0001(1).jpg").caption == "second"
    assert found.by_name("/IMG_0002-bearbeitet.jpg").caption == "edited twin"
    assert found.by_name("/IMG_0002.jpg").caption == "edited twin"
    assert found.by_name("/Holiday snap.jpg").caption == "by title"


def test_archived_and_trashed_are_kept_but_not_offered(takeout, library):
    found = scan(TakeoutImporter(), takeout, library)
    assert found.by_name("IMG_0003.jpg").offered is False
    assert found.by_name("IMG_0004.jpg").offered is False
    assert found.by_name("/IMG_0001.jpg").offered is True


def test_bad_input_is_reported_and_the_rest_imports(takeout, library):
    found = scan(TakeoutImporter(), takeout, library)
    reasons = found.reasons()
    assert "gone.jpg.supplemental-metadata.json: a Google Photos sidecar whose photo" in reasons
    assert "broken.jpg.json: invalid or truncated JSON" in reasons
    assert "no Google Photos sidecar" in " ".join(found.by_name("lonely.jpg").notes)
    assert found.by_name("broken.jpg").taken_at == datetime(2019, 11, 2, 9, 0)
    zero = found.by_name("zero.jpg")
    assert zero.taken_at.date() == datetime(2019, 11, 3).date()
    assert any("1970" in n for n in zero.notes)
    assert not any("archive_browser" in s.uri for s in found.skipped)


def test_a_split_zip_with_sidecar_and_photo_in_different_parts(takeout, tmp_path, library):
    names = sorted(p.relative_to(takeout).as_posix() for p in takeout.rglob("*") if p.is_file())
    photos = [n for n in names if not n.endswith(".json")]
    first = zip_folder(takeout, tmp_path / "takeout-20240101T000000Z-001.zip", photos)
    zip_folder(
        takeout,
        tmp_path / "takeout-20240101T000000Z-002.zip",
        [n for n in names if n not in photos],
    )
    from_zip = scan(TakeoutImporter(), first, library)
    from_folder = scan(TakeoutImporter(), takeout, library)
    assert sorted(i.content_hash for i in from_zip.items) == sorted(
        i.content_hash for i in from_folder.items
    )
    lake = from_zip.by_caption("last day at the lake")
    assert lake.uri.startswith(f"zip:{first}!Takeout/Google Photos/")
    assert lake.taken_at.utcoffset() == timedelta(hours=2)


def test_a_re_import_is_cheap_and_finds_the_same_items(takeout, tmp_path, library):
    archive = zip_folder(takeout, tmp_path / "takeout.zip")
    first = imported(library, archive)
    again = imported(library, archive)
    assert first.imported > 10
    items = first.imported + first.updated + first.unchanged + first.copy
    assert (again.imported, again.updated, again.unchanged) == (0, 0, items)


def test_a_fixed_sidecar_is_picked_up_on_the_next_import(takeout, library):
    imported(library, takeout)
    year = takeout / "Takeout" / "Google Photos" / "Photos from 2019"
    write_json(
        year / "broken.jpg.json",
        sidecar(datetime(2019, 11, 2, 7, 0, tzinfo=UTC), "broken.jpg", description="fixed"),
    )
    again = imported(library, takeout)
    assert again.updated == 1
    assert not any("broken.jpg.json" in s.uri for s in again.skipped)
