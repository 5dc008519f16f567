"""Hostile sources: very deep folders, links out of an export, a 2 GB JSON file, names with
control characters. Each is refused or skipped with a reason, or read safely, in bounded
memory (the peak RSS of the real `memories import` process, measured around it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from gentle_memories.sample import write_photo
from tests.reliability.conftest import command, item_count
from tests.sources.test_takeout import sidecar

MAX_RSS_MB = 800  # a small import with the care model peaks near 640 MB; a 2 GB read is far above
YEAR = Path("Takeout/Google Photos/Photos from 2019")


def import_measured(home: Path, *paths: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run `memories import` in a fresh parent that reports its child's peak RSS (MB)."""
    probe = (
        "import resource, subprocess, sys;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "sys.stderr.write(r.stderr); sys.stdout.write(r.stdout);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
        "sys.exit(r.returncode)"
    )
    args = command(home, "import", *map(str, paths))
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    *messages, peak_kb = out.stderr.strip().splitlines()
    out.stderr = "\n".join(messages)
    return out, int(peak_kb) / 1024


def test_a_2_gb_json_file_is_skipped_unread_in_bounded_memory(tmp_path):
    root = tmp_path / "export"
    write_photo(root / YEAR / "IMG_1.jpg", datetime(2019, 6, 1, 14, 0), seed=1)
    (root / YEAR / "IMG_1.jpg.json").write_text(
        json.dumps(sidecar(datetime(2019, 6, 1, 12).astimezone(), "IMG_1.jpg"))
    )
    write_photo(root / YEAR / "IMG_2.jpg", datetime(2019, 6, 2, 14, 0), seed=2)
    huge = root / YEAR / "IMG_2.jpg.json"
    with open(huge, "wb") as f:
        f.write(b'{"title": "IMG_2.jpg", "photoTakenTime": {"timestamp": "')
        f.truncate(2 << 30)  # sparse: 2 GB to every reader, no space on disk
    out, peak = import_measured(tmp_path / "home", root)
    assert out.returncode == 0, out.stderr
    assert "more than any export writes" in out.stdout
    assert item_count(tmp_path / "home") == 2
    assert peak < MAX_RSS_MB, f"peak RSS {peak:.0f} MB"


def test_a_folder_500_levels_deep_is_read_to_the_bottom(tmp_path):
    root = tmp_path / "deep"
    bottom = Path(root, *["d"] * 500)
    write_photo(bottom / "IMG_1.jpg", datetime(2019, 6, 1, 14, 0), seed=1)
    write_photo(root / "IMG_2.jpg", datetime(2019, 6, 2, 14, 0), seed=2)
    out, peak = import_measured(tmp_path / "home", root)
    assert out.returncode == 0, out.stderr
    assert item_count(tmp_path / "home") == 2
    assert peak < MAX_RSS_MB, f"peak RSS {peak:.0f} MB"


def test_links_out_of_an_export_are_not_followed(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.jpg"
    write_photo(secret, datetime(2019, 6, 3, 14, 0), seed=3)
    root = tmp_path / "export"
    write_photo(root / YEAR / "IMG_1.jpg", datetime(2019, 6, 1, 14, 0), seed=1)
    (root / YEAR / "IMG_1.jpg.json").write_text(json.dumps(sidecar(1559390400, "IMG_1.jpg")))
    (root / YEAR / "secret.jpg").symlink_to(secret)
    (root / YEAR / "secret.jpg.json").symlink_to("/etc/passwd")
    (root / "Takeout" / "outside").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    out, _ = import_measured(tmp_path / "home", root)
    assert out.returncode == 0, out.stderr
    assert "links are not followed" in out.stdout
    assert item_count(tmp_path / "home") == 1


def test_names_with_control_characters_are_read_and_never_printed_raw(tmp_path):
    root = tmp_path / "photos"
    names = ["bell\x07.jpg", "esc\x1b[31mred.jpg", "new\nline.jpg", "tab\there.jpg", "ok.jpg"]
    for n, name in enumerate(names):
        write_photo(root / name, datetime(2019, 6, 1 + n, 14, 0), seed=n)
    (root / "note\x1b]0;title\x07.txt").write_text("not a photo")
    out, _ = import_measured(tmp_path / "home", root)
    assert out.returncode == 0, out.stderr
    assert item_count(tmp_path / "home") == len(names), "a strange name loses no memory"
    printed = out.stdout + out.stderr
    assert not any(c in printed for c in "\x07\x1b"), repr(printed)
    assert os.listdir(root), "the source is untouched"
