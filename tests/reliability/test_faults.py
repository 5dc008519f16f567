"""Faults around an import: a full disk, sources that change or vanish, and the web page
answering while an import writes (a read-only source: tests/test_importing.py). Each ends
in one clear line at most, an intact database, and a next import that recovers.

The full disk and the vanished source are real tmpfs mounts, made only where this test
may mount (root in a container that allows it); elsewhere they skip.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from gentle_memories.library import Library
from tests.deliver.web.conftest import live_server
from tests.reliability.conftest import command, integrity, item_count, run, write_folder


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip() or 'not root'}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def file_uris(home: Path) -> set[str]:
    with sqlite3.connect(home / "library.db") as db:
        return {r[0] for r in db.execute("SELECT uri FROM files")}


def hashes(home: Path) -> set[str]:
    with sqlite3.connect(home / "library.db") as db:
        return {r[0] for r in db.execute("SELECT content_hash FROM items")}


def test_a_full_disk_is_one_clear_error_and_the_next_import_recovers(tmp_path):
    photos = write_folder(tmp_path / "photos", 600)
    with tmpfs(tmp_path / "small", "1m") as small:
        home = small / "home"
        assert run(home, "hide", "person", "Alex").returncode == 0
        full = run(home, "import", str(photos))
        assert full.returncode == 1
        assert "disk is full" in one_line(full.stderr)
        assert integrity(home) == "ok"
        remount(small, "size=64m")
        again = run(home, "import", str(photos))
        assert again.returncode == 0, again.stderr
        assert integrity(home) == "ok" and item_count(home) == 600
        assert "hide person Alex" in run(home, "rules").stdout


def _change_while_importing(photos: Path, proc: subprocess.Popen, rng: random.Random) -> dict:
    """Remove, rename and add files for as long as the import runs."""
    files = sorted(photos.rglob("*.jpg"))
    rng.shuffle(files)
    changed = {"removed": 0, "renamed": 0, "added": 0}
    extra = write_folder(photos.parent / "more", 40, start=datetime(2030, 1, 1))
    new = sorted(extra.rglob("*.jpg"))
    while proc.poll() is None and files:
        step = rng.choice(["removed", "renamed", "added"])
        if step == "removed":
            files.pop().unlink()
        elif step == "renamed":
            old = files.pop()
            old.rename(old.with_name("renamed-" + old.name))
        elif new:
            new.pop().rename(photos / f"new-{changed['added']}.jpg")
        changed[step] += 1
        time.sleep(0.01)
    return changed


def test_files_added_removed_and_renamed_during_an_import(tmp_path):
    photos = write_folder(tmp_path / "photos", 600)
    home = tmp_path / "home"
    proc = subprocess.Popen(command(home, "import", str(photos)), stderr=subprocess.PIPE, text=True)
    changed = _change_while_importing(photos, proc, random.Random(7))
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    assert sum(changed.values()) > 20, changed
    assert integrity(home) == "ok"

    rerun = run(home, "import", str(photos))
    assert rerun.returncode == 0, rerun.stderr
    now_there = {str(p) for p in photos.rglob("*.jpg")}
    assert file_uris(home) == now_there, "the rerun knows exactly the files there now"
    clean = tmp_path / "clean"
    assert run(clean, "import", str(photos)).returncode == 0
    assert hashes(clean) <= hashes(home), "nothing there now is missing from the library"


def test_a_vanished_mount_keeps_every_item_and_comes_back(tmp_path):
    home = tmp_path / "home"
    with tmpfs(tmp_path / "card", "16m") as card:
        write_folder(card, 50)
        assert run(home, "import", str(card)).returncode == 0
        assert run(home, "hide", "dates", "2015-01-02").returncode == 0
    assert not any(card.iterdir()), "the card is gone: its mount point is an empty folder"
    gone = run(home, "import", str(card))
    assert gone.returncode == 0, gone.stderr
    assert item_count(home) == 50 and integrity(home) == "ok"
    with tmpfs(card, "16m"):
        write_folder(card, 50)
        back = run(home, "import", str(card))
        assert back.returncode == 0, back.stderr
        assert item_count(home) == 50 and len(file_uris(home)) == 50
    assert "2015-01-02" in run(home, "rules").stdout
    missing = run(home, "import", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such file or folder" in one_line(missing.stderr)


def test_the_web_app_answers_while_an_import_writes(tmp_path):
    photos = write_folder(tmp_path / "photos", 600)
    home = tmp_path / "home"
    library = Library.open(home)
    statuses: list[int] = []
    try:
        with live_server(library) as url, httpx.Client(base_url=url, timeout=10) as web:
            proc = subprocess.Popen(
                command(home, "import", str(photos)), stderr=subprocess.PIPE, text=True
            )
            while proc.poll() is None:
                for path in ("/", "/api/today?date=2016-01-01", "/settings"):
                    statuses.append(web.get(path).status_code)
            assert proc.wait() == 0, proc.stderr.read()
    finally:
        library.close()
    assert len(statuses) > 10 and set(statuses) == {200}, statuses
    assert item_count(home) == 600
