"""Zips read in place: zip-slip and zip bombs refused, damaged parts reported, parts joined."""

from __future__ import annotations

import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gentle_memories.sample import write_photo
from gentle_memories.sources.archive import ArchiveError, Limits, ZipTree, split_parts
from gentle_memories.sources.takeout import TakeoutImporter
from tests.conftest import memories_fails
from tests.sources.exports import imported, scan, write_json
from tests.sources.test_takeout import sidecar

YEAR = "Takeout/Google Photos/Photos from 2019/"


def takeout_zip(path: Path, tmp: Path, extra: dict[str, bytes] | None = None, stored=False) -> Path:
    photo = write_photo(tmp / "IMG_1.jpg", datetime(2019, 6, 1, 14, 0), seed=1)
    meta = write_json(
        tmp / "IMG_1.jpg.json",
        sidecar(datetime(2019, 6, 1, 12, tzinfo=UTC), "IMG_1.jpg", description="in the zip"),
    )
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.write(photo, YEAR + "IMG_1.jpg")
        zf.write(meta, YEAR + "IMG_1.jpg.json")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def test_zip_slip_members_are_refused_one_by_one(tmp_path, library):
    archive = takeout_zip(
        tmp_path / "t.zip",
        tmp_path,
        {
            "../../outside.jpg": b"x",
            "/etc/passwd": b"x",
            "C:/Windows/evil.jpg": b"x",
        },
    )
    found = scan(TakeoutImporter(), archive, library)
    assert [i.caption for i in found.items] == ["in the zip"]
    refused = {s.uri.split("!", 1)[1]: s.reason for s in found.skipped}
    assert refused["../../outside.jpg"].startswith("refused (zip-slip)")
    assert refused["/etc/passwd"].startswith("refused (zip-slip)")
    assert refused["C:/Windows/evil.jpg"].startswith("refused (zip-slip)")
    assert not (tmp_path.parent / "outside.jpg").exists()


def test_a_zip_bomb_is_refused_whole_with_a_clear_error(tmp_path, home):
    archive = takeout_zip(tmp_path / "bomb.zip", tmp_path, {YEAR + "zeros.jpg": bytes(20 << 20)})
    error = memories_fails(home, "import", str(archive))
    assert "refused as a zip bomb" in error and "zeros.jpg" in error


def test_a_zip_declaring_more_than_the_total_limit_is_refused(tmp_path):
    archive = takeout_zip(tmp_path / "big.zip", tmp_path)
    with pytest.raises(ArchiveError, match=r"would unpack to .* bytes"):
        ZipTree([archive], Limits(max_total=1000))


def test_a_truncated_zip_is_one_clear_error(tmp_path, home):
    archive = takeout_zip(tmp_path / "t.zip", tmp_path)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    error = memories_fails(home, "import", str(archive))
    assert "not a readable zip archive" in error


def test_a_damaged_part_is_reported_and_the_other_parts_import(tmp_path, library):
    first = takeout_zip(tmp_path / "takeout-x-001.zip", tmp_path)
    second = tmp_path / "takeout-x-002.zip"
    second.write_bytes(b"PK\x03\x04 not really a zip")
    assert split_parts(first) == [first, second]
    found = scan(TakeoutImporter(), first, library)
    assert [i.caption for i in found.items] == ["in the zip"]
    assert any(s.uri == str(second) and "not a readable zip" in s.reason for s in found.skipped)


def test_a_member_with_damaged_bytes_is_skipped(tmp_path, library):
    archive = takeout_zip(tmp_path / "t.zip", tmp_path, stored=True)
    data = bytearray(archive.read_bytes())
    at = data.find(b"\xff\xd8\xff") + 2000
    data[at : at + 4] = b"\x00\x01\x02\x03"
    archive.write_bytes(bytes(data))
    found = scan(TakeoutImporter(), archive, library)
    assert not found.items
    assert any("IMG_1.jpg" in s.uri and "CRC" in s.reason for s in found.skipped)


def test_the_zip_is_never_written_and_no_copy_is_left_behind(tmp_path, library, monkeypatch):
    archive = takeout_zip(tmp_path / "t.zip", tmp_path)
    before = (archive.read_bytes(), archive.stat().st_mtime_ns)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert imported(library, archive).imported == 1
    assert (archive.read_bytes(), archive.stat().st_mtime_ns) == before
    assert list(scratch.iterdir()) == []
