"""An import of new files into a big library, beside the same import into an empty one:
seconds and peak memory, for this code and, with --reference, for another checkout's.

    .venv/bin/python bench/bench_incremental.py [--items 1000000] [--files 1000]
        [--in-albums] [--reference /path/to/other/checkout]

The big library is built once under the temp folder (bench/synthetic.py) and copied for
each run, so every run starts from the same library; the files are real JPEG, HEIC and
QuickTime files (bench/bench_import.py), generated once. With --in-albums, the big
library's photos are in the albums (folders) the new files go to, so the albums an import
touches hold the whole library. Each import is a new process (`memories --home H import
FOLDER`), timed with its peak memory, after that code has opened the library once,
untimed, so that an upgrade of its schema is not counted. The big library is built by the
reference's code, when given, and kept apart, so that both can open it. Prints a table
and appends it to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_import import generate, timed
from report import AS_INSTALLED, machine, record

HERE = Path(__file__).resolve().parents[1]
RUN = "from gentle_memories.deliver.cli import main; main()"
PEAK = "peak MB: the import process's maximum resident set (os.wait4)"
BUILD = (
    "import sys; from pathlib import Path; from bench_import import album_of; "
    "from synthetic import open_built; "
    "open_built(Path(sys.argv[1]), int(sys.argv[2]), album_of=album_of if sys.argv[3] else None)"
    ".close()"
)


def code_env(source: Path) -> dict[str, str]:
    """The environment that runs `source`'s package, with this checkout's bench/."""
    return {**AS_INSTALLED, "PYTHONPATH": f"{source / 'src'}{os.pathsep}{HERE / 'bench'}"}


def built(source: Path, home: Path, items: int, in_albums: bool) -> None:
    """The big library, built by `source`'s code (and so in a schema it can open)."""
    command = [sys.executable, "-c", BUILD, str(home), str(items), "1" if in_albums else ""]
    subprocess.run(command, env=code_env(source), check=True)


def big_library(source: Path, items: int, in_albums: bool = False) -> Path:
    """The big library under the temp folder that `source`'s code built, built first if it
    is not there; another checkout's is kept apart, as this code's runs would upgrade it."""
    home = Path(tempfile.gettempdir()) / f"gm-bench-{items}{'-in-albums' if in_albums else ''}"
    if source != HERE:
        home = home.with_name(f"{home.name}-by-{source.name}")
    built(source, home, items, in_albums)
    return home


def imports(source: Path, home: Path, folder: Path) -> tuple[float, float, float]:
    cli = [sys.executable, "-c", RUN, "--home", str(home)]
    subprocess.run([*cli, "rules"], env=code_env(source), check=True, stdout=subprocess.DEVNULL)
    return timed([*cli, "import", str(folder)], env=code_env(source))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--in-albums", action="store_true", help="the library in the new albums")
    parser.add_argument("--reference", type=Path, help="another checkout to run beside this")
    args = parser.parse_args()
    scratch = Path(tempfile.gettempdir())
    big = big_library(args.reference or HERE, args.items, args.in_albums)
    folder = scratch / f"gm-bench-new-{args.files}-phones"
    if not folder.exists():
        generate(folder, args.files, (800, 600))
    where = machine()
    rows = []
    for name, source in [("reference", args.reference), ("this code", HERE)]:
        if source is None:
            continue
        for into, items in (("empty library", 0), (f"{args.items:,} items", args.items)):
            home = Path(tempfile.mkdtemp(prefix="gm-bench-incremental-"))
            if items:
                shutil.copy(big / "library.db", home / "library.db")
            seconds, largest, _ = imports(source, home, folder)
            shutil.rmtree(home)
            rows.append(f"| {name} | {into} | {args.files:,} | {seconds:.1f} | {largest:,.0f} |")
    table = "\n".join(
        [
            "| code | into | new files | seconds | peak MB |",
            "| --- | --- | ---: | ---: | ---: |",
            *rows,
        ]
    )
    print(table)
    command = (
        f".venv/bin/python bench/bench_incremental.py --items {args.items} --files {args.files}"
    )
    if args.in_albums:
        command += " --in-albums"
    if args.reference:
        command += f" --reference {args.reference}"
    record("An import of new files into a big library", command, table, [PEAK], where)


if __name__ == "__main__":
    main()
