"""Day One JSON exports: entries in their own time zone, text cleaned, photos by md5."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gentle_memories.sources.dayone import DayOneImporter
from tests.sources.exports import imported, plain_jpeg, scan, write_json, zip_folder

NEW_YORK = ZoneInfo("America/New_York")
MD5 = "0123456789abcdef0123456789abcdef"


def build_dayone(root: Path) -> Path:
    plain_jpeg(root / "photos" / f"{MD5}.jpeg", 1)
    write_json(
        root / "Grief journal.json",
        {
            "metadata": {"version": "1.0"},
            "entries": [
                {
                    "uuid": "E1",
                    "creationDate": "2020-03-16T02:30:00Z",
                    "timeZone": "America/New_York",
                    "text": "Mom's surgery went well\\. ![](dayone-moment://P1)\n\nSo relieved\\!",
                    "tags": ["family", "hospital"],
                    "starred": False,
                    "location": {
                        "placeName": "Mount Sinai",
                        "localityName": "New York",
                        "administrativeArea": "NY",
                        "country": "United States",
                        "latitude": 40.79,
                        "longitude": -73.95,
                    },
                    "photos": [
                        {
                            "identifier": "P1",
                            "md5": MD5,
                            "type": "jpeg",
                            "date": "2020-03-16T01:00:00Z",
                            "orderInEntry": 0,
                        }
                    ],
                },
                {
                    "uuid": "E2",
                    "creationDate": "2021-05-01T10:00:00Z",
                    "timeZone": "Europe/London",
                    "text": "A photo went missing",
                    "photos": [{"identifier": "P2", "md5": "deadbeef" * 4, "type": "jpeg"}],
                },
                {
                    "uuid": "E3",
                    "creationDate": "2022-01-01T12:00:00Z",
                    "timeZone": "Mars/Olympus",
                    "text": "Somewhere odd",
                },
            ],
        },
    )
    return root


@pytest.fixture
def export(tmp_path: Path, berlin_computer) -> Path:
    return build_dayone(tmp_path / "Export - Grief journal")


def test_entries_are_journal_items_in_their_own_time_zone(export, library):
    found = scan(DayOneImporter(), export, library)
    entry = found.by_caption("surgery")
    assert entry.kind == "journal"
    assert entry.caption == "Mom's surgery went well. \n\nSo relieved!"
    assert entry.taken_at == datetime(2020, 3, 15, 22, 30, tzinfo=NEW_YORK)
    assert entry.local_date == date(2020, 3, 15)  # the day lived in New York, not UTC's
    assert entry.keywords == ["family", "hospital"]
    assert entry.albums == ["Grief journal"]
    assert entry.place.name == "Mount Sinai, New York, NY, United States"
    assert (entry.place.lat, entry.place.lon) == (40.79, -73.95)


def test_photos_are_found_by_md5_and_dated_in_the_entry_zone(export, library):
    found = scan(DayOneImporter(), export, library)
    photo = found.by_name(f"photos/{MD5}.jpeg")
    assert photo.kind == "photo"
    assert photo.taken_at == datetime(2020, 3, 15, 21, 0, tzinfo=NEW_YORK)
    assert photo.keywords == ["family", "hospital"]
    assert any(s.uri.endswith("#photos/" + "deadbeef" * 4) for s in found.skipped)
    assert found.by_caption("A photo went missing").kind == "journal"


def test_an_unknown_time_zone_falls_back_to_this_computer_s(export, library):
    odd = scan(DayOneImporter(), export, library).by_caption("Somewhere odd")
    assert odd.taken_at == datetime(2022, 1, 1, 13, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert any("Mars/Olympus" in n for n in odd.notes)


def test_the_zip_imports_and_re_imports_the_same_items(export, tmp_path, library):
    archive = zip_folder(export, tmp_path / "dayone.zip")
    first = imported(library, archive)
    assert first.imported == 4
    again = imported(library, archive)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 4)
    (tmp_path / "dayone.zip").touch()
    touched = imported(library, archive)
    assert (touched.imported, touched.updated) == (0, 0)  # same content hashes, same items


def test_a_truncated_journal_is_reported(tmp_path, library):
    root = tmp_path / "export"
    root.mkdir()
    (root / "Journal.json").write_text('{"metadata": {}, "entries": [{"uuid": "x", "text": "hal')
    found = scan(DayOneImporter(), root, library)
    assert not found.items
    assert "invalid or truncated JSON" in found.reasons()
