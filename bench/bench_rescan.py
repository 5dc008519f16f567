"""A re-import of a big folder where nothing changed (a nightly job over the whole photo
folder): seconds and peak memory, for this code and, with --reference, another checkout's.

    .venv/bin/python bench/bench_rescan.py [--files 1000000] [--reference /path/to/checkout]

The folder holds `--files` small files, 100 to a folder, two levels deep, made once
under the temp folder; the library is the big one of bench_incremental.py, whose photos'
files are these, with their sizes and times, as an earlier import would have left them.
So the import reads no file: what it costs is walking the folder, comparing each file
with what the library knows and finding the files gone. Prints a table and appends it to
docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from bench_incremental import HERE, PEAK, big_library, imports
from report import machine, record

MTIME_NS = 1_600_000_000 * 10**9
CONTENT = b"unread\n"


def folder_of(root: Path, n: int) -> Path:
    return root / f"{n // 10_000:03d}" / f"{n // 100 % 100:02d}"


def make_folder(root: Path, files: int) -> None:
    """`files` files, made once: a folder that exists is taken as made."""
    if root.exists():
        return
    scratch = root.with_name(root.name + ".part")
    shutil.rmtree(scratch, ignore_errors=True)
    for n in range(files):
        folder = folder_of(scratch, n)
        if n % 100 == 0:
            folder.mkdir(parents=True)
        path = folder / f"{n}.jpg"
        path.write_bytes(CONTENT)
        os.utime(path, ns=(MTIME_NS, MTIME_NS))
    scratch.rename(root)


def known_library(big: Path, home: Path, root: Path, files: int) -> None:
    """The big library, with its first `files` photos' files moved into the folder."""
    home.mkdir()
    shutil.copy(big / "library.db", home / "library.db")
    db = sqlite3.connect(home / "library.db")
    number = "CAST(substr(uri, 8, length(uri) - 11) AS INTEGER)"
    with db:
        db.execute(
            f"UPDATE files SET size = ?, mtime_ns = ?, uri = ? || printf('/%03d/%02d/%d.jpg', "
            f"{number} / 10000, {number} / 100 % 100, {number}) "
            f"WHERE uri LIKE '/bench/%' AND {number} < ?",
            (len(CONTENT), MTIME_NS, str(root), files),
        )
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--reference", type=Path, help="another checkout to run beside this")
    args = parser.parse_args()
    items = max(args.files, 1_000_000)
    scratch = Path(tempfile.gettempdir())
    big = big_library(args.reference or HERE, items)
    root = scratch / f"gm-bench-rescan-{args.files}"
    make_folder(root, args.files)
    where = machine()
    rows = []
    for name, source in [("reference", args.reference), ("this code", HERE)]:
        if source is None:
            continue
        home = Path(tempfile.mkdtemp(prefix="gm-bench-rescan-")) / "home"
        known_library(big, home, root, args.files)
        seconds, largest, _ = imports(source, home, root)
        shutil.rmtree(home.parent)
        rows.append(f"| {name} | {items:,} | {args.files:,} | {seconds:.1f} | {largest:,.0f} |")
    table = "\n".join(
        [
            "| code | items | files, none changed | seconds | peak MB |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )
    print(table)
    command = f".venv/bin/python bench/bench_rescan.py --files {args.files}"
    if args.reference:
        command += f" --reference {args.reference}"
    record("A re-import of a big folder where nothing changed", command, table, [PEAK], where)


if __name__ == "__main__":
    main()
