"""Facebook downloads: posts, albums, taken over upload time, life events, both layouts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gentle_memories.sources.facebook import FacebookImporter
from tests.sources.exports import imported, meta_mojibake, plain_jpeg, scan, write_json, zip_folder

BERLIN = ZoneInfo("Europe/Berlin")
NEW = "your_facebook_activity/posts/"


def ts(*args) -> int:
    return int(datetime(*args, tzinfo=BERLIN).timestamp())


def media(uri: str, uploaded: int, taken: int | None = None, description: str = "") -> dict:
    exif = [{"taken_timestamp": taken, "latitude": 52.52, "longitude": 13.40}] if taken else []
    return {
        "uri": uri,
        "creation_timestamp": uploaded,
        "title": "Mobile uploads",
        "description": meta_mojibake(description),
        "media_metadata": {"photo_metadata": {"exif_data": exif}},
    }


def build_facebook(root: Path) -> Path:
    oma = NEW + "media/Mobileuploads_123/111.jpg"
    plain_jpeg(root / oma, 1)
    plain_jpeg(root / NEW / "media/Mobileuploads_123/222.jpg", 2)
    write_json(
        root / NEW / "your_posts__check_ins__photos_and_videos_1.json",
        [
            {
                "timestamp": ts(2018, 3, 5, 9),
                "data": [
                    {"post": meta_mojibake("We said goodbye to Oma today. Ruhe in Frieden.")},
                    {"update_timestamp": ts(2018, 3, 5, 10)},
                ],
                "attachments": [
                    {"data": [{"media": media(oma, ts(2018, 3, 5, 9), ts(2018, 3, 4, 15))}]}
                ],
                "tags": [{"name": meta_mojibake("Maria Müller")}],
                "title": "Jane Doe updated her status.",
            },
            {
                "timestamp": ts(2017, 1, 1, 0, 5),
                "data": [{"post": "Happy new year"}],
                "title": "Jane Doe updated her status.",
            },
            {
                "timestamp": ts(2016, 5, 1, 12),
                "attachments": [
                    {
                        "data": [
                            {
                                "place": {
                                    "name": "St. Mary's Hospital",
                                    "address": "London",
                                    "coordinate": {"latitude": 51.5, "longitude": -0.17},
                                }
                            }
                        ]
                    }
                ],
                "title": "Jane Doe was at St. Mary's Hospital.",
            },
            {
                "timestamp": ts(2019, 3, 10, 12),
                "attachments": [
                    {
                        "data": [
                            {
                                "life_event": {
                                    "title": "Lost a Loved One",
                                    "start_date": {"year": 2019, "month": 3, "day": 4},
                                }
                            }
                        ]
                    }
                ],
                "title": "Jane Doe added a life event.",
            },
            {
                "timestamp": ts(2015, 2, 1, 12),
                "data": [{"post": "words without their photo"}],
                "attachments": [
                    {"data": [{"media": media(NEW + "media/gone/999.jpg", ts(2015, 2, 1, 12))}]}
                ],
            },
        ],
    )
    write_json(
        root / NEW / "album/0.json",
        {
            "name": "Mobile uploads",
            "photos": [
                media(oma, ts(2018, 3, 5, 9), ts(2018, 3, 4, 15), "Oma's garden"),
                media(NEW + "media/Mobileuploads_123/222.jpg", ts(2015, 8, 1, 18), None, "beach"),
            ],
            "last_modified_timestamp": ts(2020, 1, 1),
        },
    )
    return root


@pytest.fixture
def export(tmp_path: Path, berlin_computer) -> Path:
    return build_facebook(tmp_path / "facebook-janedoe")


def test_a_photo_in_a_post_and_an_album_is_one_item_with_both(export, library):
    found = scan(FacebookImporter(), export, library)
    photos = [i for i in found.items if i.uri.endswith("111.jpg")]
    assert len(photos) == 1
    oma = photos[0]
    assert "We said goodbye to Oma today. Ruhe in Frieden." in oma.caption
    assert "Oma's garden" in oma.caption
    assert oma.taken_at == datetime(2018, 3, 4, 15, tzinfo=BERLIN)  # taken, not uploaded
    assert oma.date_source.startswith("Facebook taken_timestamp")
    assert oma.people == ["Maria Müller"]
    assert oma.albums == ["Mobile uploads"]
    assert (oma.place.lat, oma.place.lon) == (52.52, 13.40)
    beach = found.by_caption("beach")
    assert beach.taken_at == datetime(2015, 8, 1, 18, tzinfo=BERLIN)
    assert beach.date_confidence == "inferred"  # only the upload time is known


def test_posts_without_media_are_items(export, library):
    found = scan(FacebookImporter(), export, library)
    new_year = found.by_caption("Happy new year")
    assert new_year.kind == "post"
    assert new_year.taken_at == datetime(2017, 1, 1, 0, 5, tzinfo=BERLIN)
    check_in = next(i for i in found.items if "Hospital" in i.title)
    assert check_in.place.name == "St. Mary's Hospital, London"
    life = found.by_caption("Lost a Loved One")
    assert life.taken_at == datetime(2019, 3, 4) and life.date_confidence == "inferred"


def test_a_missing_photo_is_reported_and_its_post_kept(export, library):
    found = scan(FacebookImporter(), export, library)
    assert any(s.uri.endswith("#" + NEW + "media/gone/999.jpg") for s in found.skipped)
    assert found.by_caption("words without their photo").kind == "post"


def test_the_older_layout(tmp_path, library, berlin_computer):
    root = tmp_path / "facebook-old"
    plain_jpeg(root / "photos_and_videos/Trip_abc/333.jpg", 3)
    write_json(
        root / "posts/your_posts_1.json",
        [
            {
                "timestamp": ts(2012, 7, 1, 12),
                "data": [{"post": "old times"}],
                "attachments": [
                    {
                        "data": [
                            {
                                "media": media(
                                    "photos_and_videos/Trip_abc/333.jpg", ts(2012, 7, 1, 12)
                                )
                            }
                        ]
                    }
                ],
            }
        ],
    )
    write_json(
        root / "photos_and_videos/album/0.json",
        {
            "name": "Trip",
            "photos": [media("photos_and_videos/Trip_abc/333.jpg", ts(2012, 7, 1, 12))],
        },
    )
    (root / "posts/your_posts_2.json").write_text("[{")
    found = scan(FacebookImporter(), root, library)
    trip = found.by_caption("old times")
    assert trip.albums == ["Trip"]
    assert any("your_posts_2.json" in s.uri and "truncated" in s.reason for s in found.skipped)


def test_the_zip_re_imports_unchanged(export, tmp_path, library):
    archive = zip_folder(export, tmp_path / "facebook-janedoe.zip")
    first = imported(library, archive)
    assert first.imported == 6
    again = imported(library, archive)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 6)


def test_a_place_at_an_impossible_latitude_keeps_its_name_not_its_position(export, library):
    """Found by bench_fuzz: NaN passed as a latitude and broke the import further on."""
    (posts,) = [p for p in export.rglob("*.json") if '"latitude": 51.5' in p.read_text()]
    posts.write_text(posts.read_text().replace('"latitude": 51.5', '"latitude": NaN'))
    found = scan(FacebookImporter(), export, library)
    check_in = next(i for i in found.items if "Hospital" in i.title)
    assert check_in.place.name == "St. Mary's Hospital, London"
    assert check_in.place.lat is None and check_in.place.lon is None
    assert imported(library, export).imported == len(found.items)
