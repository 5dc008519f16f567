"""Real photo folders made in code, and the real `memories` command run as a process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gentle_memories.sample import write_photo

LIBRARY_SIZE = 2000
TINY = (48, 48)  # the smallest picture write_photo draws; each file is about 4 KB


def write_folder(root: Path, count: int, start: datetime = datetime(2015, 1, 1, 9)) -> Path:
    """`count` tiny real JPEGs, each with its own EXIF time (so its own bytes and hash), the
    pictures drawn from a few seeds like a burst of near-copies. They lie in one folder, as
    a phone's camera roll does: no album name and no caption, so the care model has no
    words to read and each import here costs what reading and saving cost."""
    for n in range(count):
        taken = start + timedelta(hours=7 * n, minutes=n % 60)
        write_photo(root / f"IMG_{taken:%Y%m%d_%H%M%S}.jpg", taken, seed=n % 5, size=TINY)
    return root


@pytest.fixture(scope="session")
def photos_2000(tmp_path_factory) -> Path:
    return write_folder(tmp_path_factory.mktemp("photos") / "Pictures", LIBRARY_SIZE)


def command(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "gentle_memories.deliver.cli", "--home", str(home), *args]


def run(home: Path, *args: str, env: dict | None = None, timeout: float = 240):
    """`memories --home HOME ARGS` as a separate process, as a person would run it."""
    return subprocess.run(
        command(home, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def integrity(home: Path) -> str:
    with sqlite3.connect(home / "library.db") as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def item_count(home: Path) -> int:
    with sqlite3.connect(home / "library.db") as db:
        return db.execute("SELECT count(*) FROM items").fetchone()[0]
