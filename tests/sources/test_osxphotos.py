"""osxphotos sidecars: Apple Photos' words laid over an exported file's own metadata."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from gentle_memories.sample import write_photo
from gentle_memories.sources.media import read_media
from tests.sources.test_folder import items, scan, skipped


def scanned(photo):
    """The photo as the folder importer reads it, sidecars and all."""
    found = scan(photo.parent)
    assert f"{photo.name}.json" not in skipped(found)
    return items(found)[photo.name]


def test_a_grouped_json_sidecar_wins_over_the_file(tmp_path):
    photo = write_photo(tmp_path / "IMG_0420.jpg", datetime(2018, 5, 1, 9, 0), caption="camera")
    (tmp_path / "IMG_0420.jpg.json").write_text(
        json.dumps(
            [
                {
                    "SourceFile": "IMG_0420.jpg",
                    "XMP:Title": "Last walk with Bello",
                    "XMP:Description": "He was so tired",
                    "XMP:TagsList": ["dog", "park"],
                    "XMP:PersonInImage": ["Sam"],
                    "EXIF:DateTimeOriginal": "2018:05:01 19:45:00",
                    "EXIF:OffsetTimeOriginal": "+02:00",
                    "EXIF:GPSLatitude": 48.1,
                    "EXIF:GPSLatitudeRef": "N",
                    "EXIF:GPSLongitude": 11.5,
                    "EXIF:GPSLongitudeRef": "E",
                }
            ]
        )
    )
    info = scanned(photo)
    assert (info.title, info.caption) == ("Last walk with Bello", "He was so tired")
    assert info.keywords == ["dog", "park"] and info.people == ["Sam"]
    assert info.taken_at == datetime(2018, 5, 1, 19, 45, tzinfo=timezone(timedelta(hours=2)))
    assert (info.place.lat, info.place.lon) == (48.1, 11.5)


def test_an_ungrouped_sidecar_with_the_extension_dropped(tmp_path):
    photo = write_photo(tmp_path / "IMG_1.jpg", datetime(2018, 5, 1, 9, 0))
    (tmp_path / "IMG_1.json").write_text(
        json.dumps(
            [
                {
                    "SourceFile": "IMG_1.jpg",
                    "Description": "at the vet",
                    "Keywords": "sad day",
                    "GPSLatitude": 33.9,
                    "GPSLatitudeRef": "S",
                    "GPSLongitude": 18.4,
                    "GPSLongitudeRef": "E",
                }
            ]
        )
    )
    side = scanned(photo)
    assert side.caption == "at the vet" and side.keywords == ["sad day"]
    assert (side.place.lat, side.place.lon) == (-33.9, 18.4)


def test_a_takeout_sidecar_or_broken_json_is_not_taken_for_one(tmp_path):
    photo = write_photo(tmp_path / "IMG_2.jpg", datetime(2018, 5, 1, 9, 0))
    (tmp_path / "IMG_2.jpg.json").write_text(
        json.dumps({"title": "IMG_2.jpg", "photoTakenTime": {}})
    )
    (tmp_path / "IMG_2.json").write_text("[{")
    info = scanned(photo)
    assert (info.caption, info.keywords, info.taken_at) == ("", [], read_media(photo).taken_at)
