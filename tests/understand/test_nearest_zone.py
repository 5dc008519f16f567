"""A UTC instant with no zone of its own takes the zone of the shot taken nearest in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from gentle_memories.sample import write_photo
from tests.conftest import memories, offered
from tests.sources.test_media import make_mp4

LATE_IN_LA = datetime(2019, 7, 5, 6, 30, tzinfo=UTC)  # 23:30 on 4 July in Los Angeles
PACIFIC = timezone(timedelta(hours=-7))


def video_without_gps(root: Path) -> Path:
    root.mkdir(parents=True)
    return make_mp4(root / "VID_fireworks.mp4", LATE_IN_LA)


def video_on(home: Path, day: str) -> dict | None:
    return next((i for i in offered(home, day) if i["kind"] == "video"), None)


def test_a_video_without_gps_takes_the_zone_of_the_phone_photo_taken_nearest(
    home, tmp_path, berlin_computer
):
    video_without_gps(tmp_path / "Phone")
    write_photo(tmp_path / "Phone/IMG_1.jpg", datetime(2019, 7, 4, 21, 0, tzinfo=PACIFIC), seed=1)
    berlin = timezone(timedelta(hours=2))
    write_photo(tmp_path / "Phone/IMG_0.jpg", datetime(2019, 7, 3, 9, 0, tzinfo=berlin), seed=2)
    memories(home, "import", str(tmp_path / "Phone"))
    video = video_on(home, "2026-07-04")
    assert video is not None and video["taken_at"] == "2019-07-04T23:30:00-07:00"
    assert video_on(home, "2026-07-05") is None
    lines = memories(home, "explain", video["id"], "--date", "2026-07-04")
    assert (
        "from QuickTime CreateDate (UTC), at UTC-07:00 like the photo taken nearest in time)"
        in lines
    )


def test_a_photo_with_gps_names_the_zone_and_a_later_import_moves_the_video(
    home, tmp_path, berlin_computer
):
    video_without_gps(tmp_path / "Videos")
    memories(home, "import", str(tmp_path / "Videos"))
    first = video_on(home, "2026-07-05")
    assert first is not None, "shown in Berlin's day while nothing nearer is known"
    assert "shown in this computer's time zone)" in memories(home, "explain", first["id"])

    lisbon_wall_clock = datetime(2019, 7, 5, 8, 0)  # no offset in its EXIF, but GPS
    write_photo(tmp_path / "Photos/IMG_2.jpg", lisbon_wall_clock, seed=3, gps=(38.72, -9.14))
    memories(home, "import", str(tmp_path / "Photos"))
    video = video_on(home, "2026-07-05")
    assert video is not None and video["taken_at"] == "2019-07-05T07:30:00+01:00"
    assert "in Europe/Lisbon like the photo taken nearest in time)" in (
        memories(home, "explain", video["id"])
    )


def test_a_photo_more_than_three_days_away_tells_nothing(home, tmp_path, berlin_computer):
    video_without_gps(tmp_path / "Phone")
    long_before = datetime(2019, 7, 1, 6, 0, tzinfo=PACIFIC)
    write_photo(tmp_path / "Phone/IMG_1.jpg", long_before, seed=1)
    memories(home, "import", str(tmp_path / "Phone"))
    video = video_on(home, "2026-07-05")
    assert video is not None and video["taken_at"] == "2019-07-05T08:30:00+02:00"
