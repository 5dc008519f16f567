"""FolderImporter on the real corpus and on folders built here: walk, skip, never write, re-scan."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gentle_memories.items import Item
from gentle_memories.sources.base import Skipped, Unchanged
from gentle_memories.sources.folder import HELD, FolderImporter
from tests.sources.test_media import CORPUS, IMMICH, make_jpeg, needs_corpus, sidecar

EXIFTOOL_BIN = shutil.which("exiftool")
KNOWN_DISAGREEMENTS = {
    "AFCP.jpg": "its only date is IPTC in an AFCP trailer, which exiv2 does not read",
    "CasioQVCI.jpg": "its only date is in a Casio QVCI segment, which exiv2 does not read",
}


class Knows:
    """KnownFiles as the library answers it: the (size, mtime_ns) it stored per uri."""

    def __init__(self, items: list[Item] | None = None) -> None:
        self.seen = {i.uri: (i.size, i.mtime_ns) for i in items or []}

    def unchanged(self, uri: str, size: int, mtime_ns: int) -> bool:
        return self.seen.get(uri) == (size, mtime_ns)


def scan(path: Path, known: Knows | None = None, **kwargs) -> list:
    return list(FolderImporter(**kwargs).scan(path, known or Knows()))


def items(found: list) -> dict[str, Item]:
    return {Path(f.uri).name: f for f in found if isinstance(f, Item)}


def skipped(found: list) -> dict[str, str]:
    return {Path(f.uri).name: f.reason for f in found if isinstance(f, Skipped)}


@contextlib.contextmanager
def as_nobody():
    """Run without root's power to read anything, so chmod 000 means what it says."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def open_dir():
    """A folder that an unprivileged user can walk (pytest's tmp_path is root-only)."""
    path = Path(tempfile.mkdtemp(prefix="gm-folder-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


# --- the corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_scan():
    return scan(CORPUS)


@needs_corpus
def test_every_corpus_file_imports_or_is_skipped_with_a_reason(corpus_scan):
    on_disk = {os.path.join(d, f) for d, _, files in os.walk(CORPUS) for f in files}
    uris = [f.uri for f in corpus_scan]
    assert len(uris) == len(set(uris))
    sidecars_of_items = on_disk - set(uris)
    assert all(p.lower().endswith(".xmp") for p in sidecars_of_items)
    assert FolderImporter().count(CORPUS) == len(corpus_scan)
    for f in corpus_scan:
        assert isinstance(f, Item | Skipped)
        if isinstance(f, Skipped):
            assert f.reason and "\n" not in f.reason
        else:
            assert f.taken_at is not None and f.content_hash and f.size > 0
    found = items(corpus_scan)
    assert len(found) >= 90
    priority = found["date-priority-test.jpg"]
    assert priority.taken_at == datetime(2023, 2, 2, 2, 0)
    assert priority.albums == ["immich-test-assets/metadata/dates"]
    assert found["portrait.jpg"].people == ["Marie Curie", "Pierre Curie"]
    assert found["picasa.jpg"].keywords == ["Frost", "Yard"]
    reasons = skipped(corpus_scan)
    assert reasons["Font.ttf"] == "not a photo or video (a TrueType font)"
    assert reasons["2000.xmp"] == "an XMP sidecar with no photo or video beside it"


def _exiftool_times(paths: list[str]) -> dict[str, dict]:
    tags = ["-DateTimeOriginal", "-DateCreated", "-TimeCreated", "-CreateDate"]
    out = subprocess.run(
        [EXIFTOOL_BIN, "-json", "-n", "-G", *tags, *paths], capture_output=True, check=False
    )
    return {Path(r["SourceFile"]).as_posix(): r for r in json.loads(out.stdout or b"[]")}


def _expected(tags: dict) -> str | None:
    """ExifTool's reading of the witnesses, in the order the importer trusts them."""
    for key in ("EXIF:DateTimeOriginal", "XMP:DateTimeOriginal", "XMP:DateCreated"):
        if tags.get(key):
            return str(tags[key])
    if tags.get("IPTC:DateCreated"):
        return f"{tags['IPTC:DateCreated']} {tags.get('IPTC:TimeCreated', '')}".strip()
    for key in ("EXIF:CreateDate", "XMP:CreateDate", "QuickTime:CreateDate"):
        if tags.get(key):
            return str(tags[key])
    # raw formats whose EXIF sits in maker notes (Canon CRW's CIFF) are EXIF to exiv2
    return next((str(v) for k, v in tags.items() if k.endswith(":DateTimeOriginal")), None)


@needs_corpus
@pytest.mark.skipif(EXIFTOOL_BIN is None, reason="exiftool (libimage-exiftool-perl) not installed")
def test_capture_times_agree_with_exiftool(corpus_scan):
    photos = [f for f in corpus_scan if isinstance(f, Item)]
    # a sidecar outranks what exiftool reads inside the file; those are tested in test_media
    alone = [i for i in photos if not any(Path(i.uri).parent.glob(Path(i.uri).stem + "*.xmp"))]
    oracle = _exiftool_times([i.uri for i in alone])
    disagreements = []
    for item in alone:
        expected = _expected(oracle.get(Path(item.uri).as_posix(), {}))
        ours = item.taken_at
        if item.date_source.startswith("QuickTime"):
            ours = ours.astimezone(UTC)
        if expected is None:
            ok = item.date_confidence == "file_time" or item.date_source == "file name"
        else:
            width = 10 if len(expected) == 10 else 19
            ok = expected[:width] == ours.strftime("%Y:%m:%d %H:%M:%S")[:width]
        if not ok:
            disagreements.append((item.uri, expected, item.taken_at, item.date_source))
    assert len(alone) > 80
    assert {Path(d[0]).name for d in disagreements} == set(KNOWN_DISAGREEMENTS), disagreements


# --- never writing -----------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


@needs_corpus
def test_sources_are_never_written_and_a_read_only_folder_scans(tmp_path):
    root = tmp_path / "photos"
    shutil.copytree(IMMICH / "metadata", root / "metadata")
    shutil.copy(IMMICH / "metadata/xmp/dates/2000.xmp", root / "metadata/tags/picasa.xmp")
    before = _snapshot(root)
    subprocess.run(["chmod", "-R", "a-w", str(root)], check=True)
    try:
        found = scan(root, workers=2, min_parallel=1)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(root)], check=True)
    assert _snapshot(root) == before
    assert len(items(found)) == 10
    assert items(found)["picasa.jpg"].taken_at.year == 2000


# --- incremental ------------------------------------------------------------------------


def test_second_scan_reads_no_unchanged_file(tmp_path):
    for n in range(3):
        make_jpeg(tmp_path / f"IMG_2020093{n}_120000.jpg", exif={0x9003: "2020:09:30 12:00:00"})
    first = scan(tmp_path)
    assert len(items(first)) == 3
    for item in items(first).values():
        # same size and mtime, different bytes: reading it again would show
        st = os.stat(item.uri)
        Path(item.uri).write_bytes(bytes(st.st_size))
        os.utime(item.uri, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = scan(tmp_path, Knows(list(items(first).values())))
    assert second == [Unchanged(f.uri) for f in first]


def test_a_scan_of_a_big_folder_goes_as_it_walks(tmp_path):
    """A re-import of a folder of a million files must not hold them all: what the scan
    found is told while the walk goes on, so a file added to a folder not yet walked is
    still found."""
    known = Knows()
    for n in range(3 * HELD):
        path = tmp_path / f"{n // 1000:02d}" / f"{n}.jpg"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
        st = path.stat()
        known.seen[str(path)] = (st.st_size, st.st_mtime_ns)
    found = FolderImporter(workers=1).scan(tmp_path, known)
    assert next(found) == Unchanged(str(tmp_path / "00" / "0.jpg"))
    late = make_jpeg(path.parent / "late.jpg")
    rest = list(found)
    assert len(rest) == 3 * HELD
    assert [f.uri for f in rest if not isinstance(f, Unchanged)] == [str(late)]


def test_a_sidecar_edit_is_a_change_of_its_photo(tmp_path):
    photo = make_jpeg(tmp_path / "a.jpg", exif={0x9003: "2020:09:30 12:00:00"})
    xmp = tmp_path / "a.jpg.xmp"
    xmp.write_text(sidecar(caption="before"), encoding="utf-8")
    os.utime(xmp, ns=(0, photo.stat().st_mtime_ns - 10**9))
    [first] = scan(tmp_path)
    assert first.mtime_ns == photo.stat().st_mtime_ns
    xmp.write_text(sidecar(caption="after"), encoding="utf-8")
    os.utime(xmp, ns=(0, photo.stat().st_mtime_ns + 10**9))
    [second] = scan(tmp_path, Knows([first]))
    assert isinstance(second, Item) and second.caption == "after"
    assert second.mtime_ns == xmp.stat().st_mtime_ns


# --- walking ------------------------------------------------------------------------------


def test_walk_skips_hidden_folders_links_and_lone_sidecars(tmp_path):
    outside = make_jpeg(tmp_path / "outside.jpg")
    root = tmp_path / "root"
    for hidden in (".git", "@eaDir", ".thumbnails", ".trashed-1700000000-x"):
        make_jpeg(root / hidden / "x.jpg")
    make_jpeg(root / "2020/Summer/beach.jpg")
    (root / "2020/Summer/beach.xmp").write_text(sidecar(), encoding="utf-8")
    (root / "lonely.xmp").write_text(sidecar(), encoding="utf-8")
    make_jpeg(root / "top.jpg")
    (root / "link-out.jpg").symlink_to(outside)
    (root / "link-in.jpg").symlink_to(root / "top.jpg")
    (root / "folder-link").symlink_to(tmp_path)
    found = scan(root)
    assert set(items(found)) == {"beach.jpg", "top.jpg"}
    assert items(found)["beach.jpg"].albums == ["2020/Summer"]
    assert items(found)["beach.jpg"].caption == "From the sidecar"
    assert items(found)["top.jpg"].albums == []
    assert skipped(found) == {
        "lonely.xmp": "an XMP sidecar with no photo or video beside it",
        "link-out.jpg": "a link to something outside this folder; links are not followed",
        "link-in.jpg": "a link to something inside this folder, which is read where it lies",
        "folder-link": "a link to something outside this folder; links are not followed",
    }


def test_bad_files_are_skipped_or_dated_by_the_next_witness_and_the_scan_goes_on(open_dir):
    good = make_jpeg(open_dir / "good.jpg", exif={0x9003: "2019:05:01 09:00:00"})
    (open_dir / "truncated.jpg").write_bytes(good.read_bytes()[:200])
    (open_dir / "not-a.jpg").write_text("just text")
    (open_dir / "empty.jpg").write_bytes(b"")
    make_jpeg(open_dir / "IMG_20180101_101010.jpg", exif={0x9003: "0000:00:00 00:00:00"})
    make_jpeg(
        open_dir / "future.jpg", exif={0x9003: "2099:01:01 00:00:00", 0x9004: "2017:02:03 04:05:06"}
    )
    odd_name = os.path.join(os.fsencode(open_dir), b"caf\xe9-IMG_20160708_090000.jpg")
    with open(odd_name, "wb") as f:
        f.write(good.read_bytes())
    denied = make_jpeg(open_dir / "denied.jpg")
    denied.chmod(0)
    with as_nobody():
        found = scan(open_dir)
    assert len(found) == 8
    reasons = skipped(found)
    assert reasons == {
        "truncated.jpg": "truncated JPEG: no image data",
        "not-a.jpg": "not a photo or video (a text file), though named .jpg",
        "empty.jpg": "empty file",
        "denied.jpg": "permission denied",
    }
    dated = items(found)
    assert dated["IMG_20180101_101010.jpg"].date_source == "file name"
    assert "0000:00:00" in dated["IMG_20180101_101010.jpg"].notes[0]
    assert dated["future.jpg"].taken_at == datetime(2017, 2, 3, 4, 5, 6)
    [odd] = [i for i in dated.values() if os.path.basename(i.uri).startswith("caf")]
    with open(odd.uri, "rb") as f:
        assert f.read() == good.read_bytes()
    assert odd.taken_at == datetime(2019, 5, 1, 9, 0)


def test_worker_processes_give_what_one_process_gives(tmp_path):
    for n in range(1, 7):
        make_jpeg(tmp_path / f"d{n}" / "p.jpg")
    (tmp_path / "notes.txt").write_text("hello")
    serial = scan(tmp_path, workers=1)
    parallel = scan(tmp_path, workers=2, min_parallel=1)
    assert parallel == serial
    assert [type(f) for f in serial] == [Skipped] + [Item] * 6


def test_detect_is_true_for_a_folder_only(tmp_path):
    assert FolderImporter().detect(tmp_path)
    assert not FolderImporter().detect(make_jpeg(tmp_path / "a.jpg"))


def test_a_reader_killed_mid_scan_loses_no_file(tmp_path):
    """The system may end a reader process (out of memory, or an image library crashing on
    a file): the scan starts a new pool, reads again what was lost, and finishes."""
    import multiprocessing
    import signal
    import threading
    import time

    for n in range(300):
        make_jpeg(tmp_path / f"d{n % 10}" / f"p{n}.jpg", size=(320, 240))
    killed: list[int] = []

    def kill_one_reader() -> None:
        deadline = time.monotonic() + 30
        while not killed and time.monotonic() < deadline:
            for child in multiprocessing.active_children():
                if child.pid:
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
                    return
            time.sleep(0.001)

    killer = threading.Thread(target=kill_one_reader)
    killer.start()
    found = scan(tmp_path, workers=2, min_parallel=1)
    killer.join()
    assert killed, "no reader process was seen to kill"
    assert sorted(f.uri for f in found) == sorted(str(p) for p in tmp_path.rglob("*.jpg"))
    assert all(isinstance(f, Item) for f in found)


def test_a_scan_whose_readers_keep_dying_still_accounts_for_every_file(tmp_path):
    import multiprocessing
    import signal
    import threading

    for n in range(40):
        make_jpeg(tmp_path / f"p{n}.jpg", size=(320, 240))
    scanning = threading.Event()
    scanning.set()

    def kill_every_reader() -> None:
        while scanning.is_set():
            for child in multiprocessing.active_children():
                with contextlib.suppress(ProcessLookupError, TypeError):
                    os.kill(child.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_every_reader)
    killer.start()
    try:
        found = scan(tmp_path, workers=2, min_parallel=1)
    finally:
        scanning.clear()
        killer.join()
    assert len(found) == 40
    for f in found:
        assert isinstance(f, Item) or f.reason.startswith("its reader stopped"), f
