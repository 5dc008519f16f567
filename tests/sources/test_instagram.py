"""Instagram downloads: posts (single and carousel), stories, reels, archived, mojibake."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gentle_memories.sources.instagram import InstagramImporter
from tests.sources.exports import (
    imported,
    meta_mojibake,
    plain_jpeg,
    scan,
    write_json,
    zip_folder,
)

BERLIN = ZoneInfo("Europe/Berlin")


def ts(*args) -> int:
    return int(datetime(*args, tzinfo=BERLIN).timestamp())


def build_instagram(root: Path, activity: str = "your_instagram_activity/media") -> Path:
    plain_jpeg(root / "media/posts/201906/111_n.jpg", 1)
    plain_jpeg(root / "media/posts/201907/222_n.jpg", 2)
    plain_jpeg(root / "media/posts/201907/333_n", 3)  # Instagram sometimes drops the extension
    plain_jpeg(root / "media/stories/202001/444.jpg", 4)
    plain_jpeg(root / "media/archived_posts/201905/555.jpg", 5)
    plain_jpeg(root / "media/reels/202102/666.jpg", 6)
    exif = {
        "photo_metadata": {
            "exif_data": [
                {"latitude": 48.85, "longitude": 2.35, "date_time_original": "2019:06:01 09:30:00"}
            ]
        }
    }
    write_json(
        root / activity / "posts_1.json",
        [
            {
                "media": [
                    {
                        "uri": "media/posts/201906/111_n.jpg",
                        "creation_timestamp": ts(2019, 6, 2, 10),
                        "title": meta_mojibake("Café with Léa ❤️"),
                        "media_metadata": exif,
                    }
                ]
            },
            {
                "media": [
                    {
                        "uri": "media/posts/201907/222_n.jpg",
                        "creation_timestamp": ts(2019, 7, 3, 23, 30),
                        "title": "",
                    },
                    {
                        "uri": "media/posts/201907/333_n",
                        "creation_timestamp": ts(2019, 7, 3, 23, 30),
                        "title": "",
                    },
                ],
                "title": meta_mojibake("Goodbye, old friend 😢"),
                "creation_timestamp": ts(2019, 7, 3, 23, 30),
            },
            {
                "media": [
                    {
                        "uri": "media/posts/201908/missing.jpg",
                        "creation_timestamp": ts(2019, 8, 1, 12),
                        "title": "the words stay",
                    }
                ]
            },
        ],
    )
    write_json(
        root / activity / "stories.json",
        {
            "ig_stories": [
                {
                    "uri": "media/stories/202001/444.jpg",
                    "creation_timestamp": ts(2020, 1, 5, 20),
                    "title": "story text",
                }
            ]
        },
    )
    write_json(
        root / activity / "archived_posts.json",
        {
            "ig_archived_post_media": [
                {
                    "media": [
                        {
                            "uri": "media/archived_posts/201905/555.jpg",
                            "creation_timestamp": ts(2019, 5, 5, 12),
                            "title": "hidden one",
                        }
                    ]
                }
            ]
        },
    )
    write_json(
        root / activity / "reels.json",
        {
            "ig_reels_media": [
                {
                    "media": [
                        {
                            "uri": "media/reels/202102/666.jpg",
                            "creation_timestamp": ts(2021, 2, 1, 12),
                            "title": "a reel",
                        }
                    ]
                }
            ]
        },
    )
    return root


@pytest.fixture
def export(tmp_path: Path, berlin_computer) -> Path:
    return build_instagram(tmp_path / "instagram-someone-20240101")


def test_posts_single_and_carousel_with_captions_repaired(export, library):
    found = scan(InstagramImporter(), export, library)
    single = found.by_caption("Café with Léa ❤️")
    assert single.taken_at == datetime(2019, 6, 1, 9, 30)  # the photo's own time, not the post's
    assert single.date_source == "Instagram date_time_original"
    assert (single.place.lat, single.place.lon) == (48.85, 2.35)
    carousel = [i for i in found.items if i.caption == "Goodbye, old friend 😢"]
    assert len(carousel) == 2
    assert {i.taken_at for i in carousel} == {datetime(2019, 7, 3, 23, 30, tzinfo=BERLIN)}
    assert any(i.uri.endswith("/333_n") for i in carousel)
    assert all(i.albums == ["Instagram posts"] for i in carousel)


def test_stories_reels_and_archived_posts(export, library):
    found = scan(InstagramImporter(), export, library)
    story = found.by_caption("story text")
    assert story.kind == "story" and story.albums == ["Instagram stories"]
    assert found.by_caption("a reel").offered is True
    assert found.by_caption("hidden one").offered is False


def test_a_missing_media_file_is_reported_and_its_words_are_kept(export, library):
    found = scan(InstagramImporter(), export, library)
    assert any(s.uri.endswith("#media/posts/201908/missing.jpg") for s in found.skipped)
    post = found.by_caption("the words stay")
    assert post.kind == "post" and post.taken_at == datetime(2019, 8, 1, 12, tzinfo=BERLIN)


def test_the_older_layout_and_a_truncated_file(tmp_path, library, berlin_computer):
    root = build_instagram(tmp_path / "old", activity="content")
    (root / "content" / "stories.json").write_text('{"ig_stories": [{"uri": "med')
    found = scan(InstagramImporter(), root, library)
    assert any(s.uri.endswith("stories.json") and "truncated" in s.reason for s in found.skipped)
    assert found.by_caption("Café with Léa ❤️")
    assert not any(i.kind == "story" for i in found.items)


def test_the_downloaded_zip_imports_and_re_imports_unchanged(export, tmp_path, library):
    archive = zip_folder(export.parent, tmp_path / "instagram.zip")
    first = imported(library, archive)
    assert first.imported == 7 and first.formats["instagram"] == 1
    again = imported(library, archive)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 7)
