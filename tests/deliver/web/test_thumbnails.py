"""Pictures for the page: HEIC and RAW turned into JPEGs once, cached in the library home."""

from __future__ import annotations

import dataclasses
import io
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from gentle_memories.deliver.web import thumbnails
from tests.conftest import CORPUS, make_item, save_items
from tests.deliver.web.conftest import client

HEIC = CORPUS / "immich-test-assets" / "formats" / "heic" / "IMG_2682.heic"
RAF = CORPUS / "exiftool-images" / "FujiFilm.raf"


def _jpeg(size: tuple[int, int], colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def _stored(library, path: Path):
    item = make_item(datetime(2020, 5, 14, 12), name=path.stem)
    (item_id,) = save_items(library, dataclasses.replace(item, uri=str(path)))
    return library.item(item_id)


def _fetched(library, item) -> Image.Image:
    got = client(library).get(f"/media/{item.id}/thumb")
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    return Image.open(io.BytesIO(got.content))


@pytest.mark.skipif(not HEIC.exists(), reason="the shared corpus is not here")
def test_a_heic_photo_becomes_a_small_jpeg_made_once(library, tmp_path, monkeypatch):
    item = _stored(library, Path(shutil.copy(HEIC, tmp_path / "IMG_2682.heic")))
    picture = _fetched(library, item)
    assert picture.format == "JPEG" and max(picture.size) == thumbnails.SIZES["thumb"]
    cached = thumbnails.cached_path(library.home, item, "thumb")
    assert cached.is_file() and cached.is_relative_to(library.home)

    def never_again(_path):
        raise AssertionError("the cached picture should have been used")

    monkeypatch.setattr(thumbnails, "_open", never_again)
    assert _fetched(library, item).size == picture.size


def test_a_raw_file_shows_the_largest_preview_its_camera_embedded(library, tmp_path):
    raw = tmp_path / "DSC_0001.NEF"
    raw.write_bytes(
        b"II*\x00"
        + b"\x00" * 64
        + _jpeg((160, 120), "red")
        + b"\x00" * 16
        + _jpeg((640, 480), "blue")
        + b"\x00" * 32
    )
    picture = _fetched(library, _stored(library, raw))
    assert picture.size == (480, 360)
    r, _g, b = picture.getpixel((10, 10))
    assert b > 200 and r < 40


@pytest.mark.skipif(not RAF.exists(), reason="the shared corpus is not here")
def test_a_real_raw_file_from_the_corpus(library, tmp_path):
    item = _stored(library, Path(shutil.copy(RAF, tmp_path / "FujiFilm.raf")))
    assert _fetched(library, item).size == (160, 120)


def test_a_file_that_is_gone_or_no_picture_is_a_quiet_404(library, tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("not a picture")
    item = _stored(library, note)
    assert client(library).get(f"/media/{item.id}/thumb").status_code == 404
    note.unlink()
    gone = client(library).get(f"/media/{item.id}")
    assert gone.status_code == 404 and "no longer where it was" in gone.text


def test_a_photo_inside_an_imported_zip(library, tmp_path):
    archive = tmp_path / "takeout-001.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Takeout/Photos/IMG_1.jpg", _jpeg((800, 600), "green"))
    item = make_item(datetime(2020, 5, 14, 12), name="zipped")
    uri = f"zip:{archive}!Takeout/Photos/IMG_1.jpg"
    (item_id,) = save_items(library, dataclasses.replace(item, uri=uri))
    assert _fetched(library, library.item(item_id)).size == (480, 360)
    original = client(library).get(f"/media/{item_id}")
    assert original.status_code == 200 and original.headers["content-type"] == "image/jpeg"
