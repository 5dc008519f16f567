"""A UTC instant is told in the zone of the place it was taken, found offline from its GPS."""

from __future__ import annotations

from datetime import UTC, date, datetime

from gentle_memories.sources.takeout import TakeoutImporter
from tests.conftest import memories, offered
from tests.sources.exports import plain_jpeg, scan, write_json
from tests.sources.test_media import make_mp4
from tests.sources.test_takeout import sidecar

LOS_ANGELES = (34.0522, -118.2437)
LATE_IN_LA = datetime(2019, 7, 5, 6, 30, tzinfo=UTC)  # 23:30 on 4 July in Los Angeles


def test_a_video_taken_late_in_los_angeles_is_a_memory_of_that_day(home, tmp_path, berlin_computer):
    (tmp_path / "Videos").mkdir()
    clip = make_mp4(tmp_path / "Videos" / "fireworks.mp4", LATE_IN_LA, "+34.0522-118.2437/")
    memories(home, "import", str(clip.parent))
    [item] = offered(home, "2026-07-04")
    assert (item["path"], item["local_date"]) == (str(clip), "2019-07-04")
    assert item["taken_at"] == "2019-07-04T23:30:00-07:00"
    assert offered(home, "2026-07-05") == []
    assert "  taken 2019-07-04T23:30:00-07:00 (exact, from QuickTime CreateDate (UTC), in" in (
        memories(home, "explain", item["id"], "--date", "2026-07-04")
    )
    assert "in America/Los_Angeles from its GPS)" in memories(home, "explain", item["id"])


def test_a_takeout_photo_without_exif_is_dated_by_its_sidecar_in_the_zone_of_its_gps(
    tmp_path, library, berlin_computer
):
    year = tmp_path / "Takeout" / "Google Photos" / "Photos from 2019"
    for name, geo in (("fireworks.jpg", LOS_ANGELES), ("somewhere.jpg", (0.0, 0.0))):
        plain_jpeg(year / name, seed=len(name))
        said = sidecar(LATE_IN_LA, name, geo={"latitude": geo[0], "longitude": geo[1]})
        write_json(year / f"{name}.supplemental-metadata.json", said)
    found = scan(TakeoutImporter(), tmp_path / "Takeout", library)
    la = found.by_name("fireworks.jpg")
    assert la.local_date == date(2019, 7, 4)
    assert la.date_source == (
        "Google Photos photoTakenTime (UTC), in America/Los_Angeles from its GPS"
    )
    unknown = found.by_name("somewhere.jpg")
    assert unknown.local_date == date(2019, 7, 5), "Berlin's day until a nearer zone is found"
    assert unknown.date_source == (
        "Google Photos photoTakenTime (UTC), shown in this computer's time zone"
    )
