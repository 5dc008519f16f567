"""Clutter stays out of memories and the best shot leads: real image files, the real import."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from PIL.ExifTags import IFD

from gentle_memories.curate.context import SHOWN_PER_DAY
from gentle_memories.curate.curation import curate_day
from gentle_memories.importing import run_import
from gentle_memories.library import Library
from gentle_memories.understand.clutter import read_text
from gentle_memories.understand.understanding import understand
from tests.conftest import memories, today_json
from tests.library.test_migrations import as_left_by

DAY = datetime(2020, 9, 30, 9, 0)
TODAY = date(2021, 9, 30)


def _exif(taken: datetime, camera: bool) -> Image.Exif:
    exif = Image.Exif()
    if camera:
        exif[0x010F], exif[0x0110] = "Canon", "Canon EOS 80D"
    exif.get_ifd(IFD.Exif)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    return exif


def scene(seed: int, size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A sharp, textured picture: shapes over fine grain, as a camera sees a busy day."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", size, tuple(int(v) for v in rng.integers(0, 256, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(150):
        x, y = (int(v) for v in rng.integers(0, size, 2))
        r = int(rng.integers(20, size[0] // 6))
        draw.ellipse((x, y, x + r, y + r), fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
    grain = rng.integers(-12, 13, (size[1], size[0], 3))
    return Image.fromarray(np.clip(np.asarray(image, dtype=int) + grain, 0, 255).astype("uint8"))


def camera_photo(path: Path, taken: datetime, seed: int, size=(1600, 1200)) -> Path:
    scene(seed, size).save(path, "JPEG", quality=90, exif=_exif(taken, camera=True))
    return path


def document(taken: datetime) -> Image.Image:
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=40)
    for n in range(22):
        draw.text((90, 100 + n * 70), f"Invoice {n + 1}: coffee beans, 4.50 paid", "black", font)
    return page


def clutter_folder(root: Path) -> dict[str, Path]:
    """One day: a camera photo, and a screenshot, a page of text, a blurred and a black shot,
    each bigger than the photo (so that by size alone each would lead the memory)."""
    root.mkdir(parents=True)
    files = {
        "photo": camera_photo(root / "IMG_0001.JPG", DAY, seed=1, size=(1200, 900)),
        "screenshot": root / "20200930_100000.png",
        "document": root / "page.jpg",
        "blurred": root / "IMG_0003.JPG",
        "dark": root / "IMG_0004.JPG",
    }
    Image.fromarray(np.full((2532, 1170, 3), 240, dtype="uint8")).save(
        files["screenshot"], "PNG", exif=_exif(DAY.replace(hour=10), camera=False)
    )
    document(DAY).save(files["document"], "JPEG", exif=_exif(DAY.replace(hour=11), camera=False))
    scene(3).filter(ImageFilter.GaussianBlur(12)).save(
        files["blurred"], "JPEG", exif=_exif(DAY.replace(hour=12), camera=True)
    )
    dark = np.random.default_rng(4).integers(0, 9, (1200, 1600, 3)).astype("uint8")
    Image.fromarray(dark).save(files["dark"], "JPEG", exif=_exif(DAY.replace(hour=13), True))
    return files


def imported(home: Path, *folders: Path) -> Library:
    library = Library.open(home)
    run_import(library, list(folders))
    understand(library)
    return library


def ids_by_path(library: Library) -> dict[Path, str]:
    found = library.ids_by_uri(sorted(library.uris_of_source("folder")))
    return {Path(uri): i for uri, i in found.items()}


REASONS = {
    "screenshot": "left out of memories: it looks like a screenshot (screen-sized, no camera)",
    "document": "left out of memories: it looks like a document (text covers",
    "blurred": "left out of memories: it is blurred (nothing in it is sharp)",
    "dark": "left out of memories: it is too dark to see (almost black)",
}


def test_clutter_is_not_the_face_of_a_memory_and_explain_says_why(home, tmp_path):
    files = clutter_folder(tmp_path / "Pictures")
    assert memories(home, "import", str(tmp_path / "Pictures")).startswith("imported 5,")
    (memory,) = today_json(home, TODAY.isoformat())["memories"]
    assert [i["path"] for i in memory["items"]] == [str(files["photo"])]
    library = Library.open(home)
    try:
        ids = ids_by_path(library)
    finally:
        library.close()
    for kind, reason in REASONS.items():
        said = memories(home, "explain", ids[files[kind]], "--date", TODAY.isoformat())
        assert said.splitlines()[-1].startswith(f"  {reason}"), said
    said = memories(home, "explain", ids[files["photo"]], "--date", TODAY.isoformat())
    assert "left out" not in said


def test_clutter_fills_no_slot_of_the_best_24(home, tmp_path):
    root = tmp_path / "Pictures"
    files = clutter_folder(root)
    photos = {files["photo"].name}
    for n in range(SHOWN_PER_DAY - 1):
        taken = DAY.replace(hour=14, minute=n)
        photos.add(camera_photo(root / f"DSC_{n:04d}.JPG", taken, 100 + n, (640, 480)).name)
    library = imported(home, root)
    try:
        (memory,) = curate_day(library, TODAY).memories
        assert len(memory.items) == SHOWN_PER_DAY
        assert {Path(m.item.uri).name for m in memory.items} == photos
    finally:
        library.close()


def test_a_day_of_only_clutter_offers_no_memory(home, tmp_path):
    files = clutter_folder(tmp_path / "Pictures")
    files["photo"].unlink()
    library = imported(home, tmp_path / "Pictures")
    try:
        assert curate_day(library, TODAY).memories == []
    finally:
        library.close()


def test_in_a_burst_the_sharp_frame_leads_not_the_shaken_one(home, tmp_path):
    root = tmp_path / "Pictures"
    root.mkdir()
    sharp = scene(9)
    sharp.filter(ImageFilter.GaussianBlur(10)).resize((2000, 1500)).save(
        root / "IMG_0101.JPG", "JPEG", exif=_exif(DAY, camera=True)
    )
    sharp.save(root / "IMG_0102.JPG", "JPEG", exif=_exif(DAY.replace(second=2), camera=True))
    library = imported(home, root)
    try:
        (memory,) = curate_day(library, TODAY).memories
        assert [Path(m.item.uri).name for m in memory.items] == ["IMG_0102.JPG"]
    finally:
        library.close()


def test_ocr_reads_the_words_of_a_rendered_page():
    small = document(DAY)
    small.thumbnail((512, 512))
    found = read_text(small)
    assert any("coffee" in line.casefold() for line in found.lines), found.lines
    assert found.cover > 0.25


def test_a_photo_with_nothing_written_on_it_has_no_text():
    small = scene(5)
    small.thumbnail((512, 512))
    assert read_text(small).lines == []


def test_names_speak_before_pixels_and_a_scan_alone_condemns_nothing(home, tmp_path):
    root = tmp_path / "Pictures"
    root.mkdir()
    camera_photo(root / "Screenshot_20200930-090000.jpg", DAY, seed=20)
    camera_photo(root / "Receipt hardware store.jpg", DAY.replace(hour=10), seed=21)
    scene(22).save(root / "Scan 12.jpg", "JPEG", exif=_exif(DAY.replace(hour=11), False))
    library = imported(home, root)
    try:
        verdicts = {
            Path(i.uri).name: i.clutter for i in map(library.item, ids_by_path(library).values())
        }
        assert verdicts == {
            "Screenshot_20200930-090000.jpg": "screenshot: named as a screenshot",
            "Receipt hardware store.jpg": "receipt: named as a receipt",
            "Scan 12.jpg": "",
        }
    finally:
        library.close()


def test_a_picture_that_cannot_be_decoded_has_no_verdict_and_imports(home, tmp_path):
    root = tmp_path / "Pictures"
    root.mkdir()
    good = camera_photo(root / "IMG_0201.JPG", DAY, seed=30)
    data = good.read_bytes()
    broken = root / "page-broken.jpg"
    broken.write_bytes(data[: len(data) // 3] + bytes(range(256)) * 40)
    library = imported(home, root)
    try:
        item = library.item(ids_by_path(library)[broken])
        assert item.clutter == ""
        assert any("could not be decoded" in n for n in item.notes), item.notes
    finally:
        library.close()


def test_a_verdict_is_kept_by_a_reimport_and_a_library_from_before_is_judged_once(home, tmp_path):
    files = clutter_folder(tmp_path / "Pictures")
    library = imported(home, tmp_path / "Pictures")
    again = run_import(library, [tmp_path / "Pictures"])
    assert (again.unchanged, again.updated) == (5, 0)
    library.close()
    as_left_by(home, "0003")
    library = imported(home, tmp_path / "Pictures")
    try:
        ids = ids_by_path(library)
        assert library.item(ids[files["screenshot"]]).clutter.startswith("screenshot")
        (memory,) = curate_day(library, TODAY).memories
        assert [m.item.id for m in memory.items] == [ids[files["photo"]]]
    finally:
        library.close()


@pytest.mark.parametrize("name", ["IMG_0042.PNG", "Bildschirmfoto 2020-09-30.png"])
def test_a_phone_or_desktop_screenshot_name_is_enough(home, tmp_path, name):
    root = tmp_path / "Pictures"
    root.mkdir()
    scene(40, (800, 600)).save(root / name, "PNG", exif=_exif(DAY, camera=False))
    library = imported(home, root)
    try:
        (item_id,) = ids_by_path(library).values()
        assert library.item(item_id).clutter.startswith("screenshot: ")
    finally:
        library.close()
