"""Kill -9 the import at random points: nothing the person made is lost, nothing is corrupt.

One library home is imported into again and again by the real `memories import` process,
each run killed (the whole process group, its reader processes too) after a random
delay. After every kill the database passes SQLite's integrity check and every rule,
snooze and logged decision is still there; after every few kills a rerun completes and
the library holds exactly as many items as a clean import of the same folder.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

from gentle_memories.library import DaysAsked, Library
from tests.conftest import memories
from tests.reliability.conftest import command, integrity, item_count, run

KILLS = 20
COMPLETE_EVERY = 5


def _import_killed_after(home: Path, photos: Path, delay: float) -> float | None:
    """Start an import, kill -9 it after `delay` seconds; None when killed, else the
    seconds it took to finish first."""
    start = time.monotonic()
    proc = subprocess.Popen(
        command(home, "import", str(photos)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        proc.wait(delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None
    assert proc.returncode == 0, proc.stderr.read().decode()
    return time.monotonic() - start


def _what_the_person_made(home: Path) -> tuple[str, list]:
    library = Library.open(home)
    try:
        return memories(home, "rules"), library.notification_log()
    finally:
        library.close()


def _touch_some(photos: Path, rng: random.Random, share: float = 0.1) -> None:
    """New mtimes on a share of the files, so the next run has reading and writing to do."""
    files = sorted(photos.rglob("*.jpg"))
    now = time.time_ns()
    for path in rng.sample(files, int(len(files) * share)):
        os.utime(path, ns=(now, now))


def test_kill_9_during_import_loses_nothing(photos_2000, tmp_path):
    clean_home = tmp_path / "clean"
    clean = subprocess.Popen(
        command(clean_home, "import", str(photos_2000)),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    home = tmp_path / "home"
    memories(home, "hide", "person", "Alex")
    memories(home, "ask", "theme", "illness")
    memories(home, "hide", "dates", "2016-03-01..2016-03-04")
    memories(home, "snooze", "memory", "otd-2017-05-02", "--until", "2030-01-01")
    library = Library.open(home)
    library.record_notification(date(2026, 1, 2), "withheld", ["a hard day"])
    library.close()
    made = _what_the_person_made(home)

    rng = random.Random(20261128)
    kills = attempts = 0
    latest = 3.5  # seconds: kill before this, and sooner once a run shows it is quicker
    while kills < KILLS:
        attempts += 1
        assert attempts < 3 * KILLS, "the import kept finishing before it could be killed"
        finished_in = _import_killed_after(home, photos_2000, rng.uniform(0.2, 1) * latest)
        if finished_in is not None:
            latest = min(latest, 0.9 * finished_in)
            _touch_some(photos_2000, rng)
            continue
        kills += 1
        assert integrity(home) == "ok", f"after kill {kills}"
        assert _what_the_person_made(home) == made, f"after kill {kills}"
        if kills == KILLS // 2:
            asked = DaysAsked(("01-01",), date(2030, 1, 1))
            item = next(iter(Library.open(home).day_highlights(asked, 24)), None)
            if item is not None:
                memories(home, "snooze", "item", item.id, "--until", "2030-01-01")
                made = _what_the_person_made(home)
        if kills % COMPLETE_EVERY == 0:
            rerun = run(home, "import", str(photos_2000))
            assert rerun.returncode == 0, rerun.stderr
            assert integrity(home) == "ok"
            _touch_some(photos_2000, rng)

    _, err = clean.communicate(timeout=240)
    assert clean.returncode == 0, err
    assert item_count(home) == item_count(clean_home) == 2000
    assert _what_the_person_made(home) == made
