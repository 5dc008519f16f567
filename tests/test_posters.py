"""Poster frames: taken from each video at import; an undecodable video is imported without."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from gentle_memories.items import hash_file
from gentle_memories.library import Library
from gentle_memories.posters import poster_path
from tests.conftest import memories
from tests.encoded_video import write_broken_video, write_video


def _poster_of(home: Path, video: Path) -> Path:
    content_hash = hash_file(str(video))
    library = Library.open(home)
    try:
        item_id = library.ids_by_hash([content_hash])[content_hash]
        assert library.item(item_id).kind == "video"
    finally:
        library.close()
    return poster_path(home, item_id, content_hash)


def test_import_takes_a_frame_from_a_second_in_and_goes_on_past_a_broken_video(home, tmp_path):
    folder = tmp_path / "Videos"
    good = write_video(folder / "lake.mp4", ["black", "#3060a0", "#3060a0"], seconds=3)
    broken = write_broken_video(folder / "broken.mp4", ["#a03030"])
    write_video(folder / "fine.mp4", ["#30a050"])

    out = memories(home, "import", str(folder))

    assert out.startswith("imported 3, updated 0, unchanged 0, skipped 0")
    assert f"{broken}: imported without a poster frame; the video could not be decoded" in out
    assert len(out.strip().splitlines()) == 2
    poster = _poster_of(home, good)
    assert poster.is_relative_to(home / "thumbnails")
    with Image.open(poster) as frame:
        assert frame.format == "JPEG" and frame.size == (320, 240)
        r, _g, b = frame.convert("RGB").getpixel((300, 10))
        assert b > 130 and r < 80, "the frame a second in, not the black first one"
    assert _poster_of(home, folder / "fine.mp4").is_file()
    assert not _poster_of(home, broken).exists()


def test_a_video_imported_again_keeps_its_poster_and_an_edited_one_gets_a_fresh_one(home, tmp_path):
    folder = tmp_path / "Videos"
    video = write_video(folder / "walk.mp4", ["#3060a0"])
    memories(home, "import", str(folder))
    first = _poster_of(home, video)
    made_at = first.stat().st_mtime_ns

    memories(home, "import", str(folder))
    assert first.stat().st_mtime_ns == made_at

    write_video(video, ["#a06030"], seconds=3)
    assert memories(home, "import", str(folder)).startswith("imported 0, updated 1")
    fresh = _poster_of(home, video)
    assert fresh != first and fresh.parent == first.parent
    with Image.open(fresh) as frame:
        r, _g, b = frame.convert("RGB").getpixel((300, 10))
        assert r > 130 and b < 80
