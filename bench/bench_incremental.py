"""An import of new files into a big library, beside the same import into an empty one:
seconds and peak memory, for this code and, with --reference, for another checkout's.

    .venv/bin/python bench/bench_incremental.py [--items 1000000] [--files 1000]
        [--reference /path/to/other/checkout]

The big library is built once under the temp folder (bench/synthetic.py) and copied for
each run, so every run starts from the same library; the files are real JPEG, HEIC and
QuickTime files (bench/bench_import.py), generated once. Each import is a new process
(`memories --home H import FOLDER`), timed with its peak memory. Prints a table and
appends it to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench_import import generate, timed
from report import machine, record
from synthetic import open_built

HERE = Path(__file__).resolve().parents[1]
RUN = "from gentle_memories.deliver.cli import main; main()"


def imports(source: Path, home: Path, folder: Path) -> tuple[float, float, float]:
    os.environ["PYTHONPATH"] = str(source / "src")
    try:
        return timed([sys.executable, "-c", RUN, "--home", str(home), "import", str(folder)])
    finally:
        del os.environ["PYTHONPATH"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--reference", type=Path, help="another checkout to run beside this")
    args = parser.parse_args()
    scratch = Path(tempfile.gettempdir())
    built = scratch / f"gm-bench-{args.items}"
    open_built(built, args.items).close()
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
                shutil.copy(built / "library.db", home / "library.db")
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
    if args.reference:
        command += f" --reference {args.reference}"
    record(
        "An import of new files into a big library",
        command,
        table,
        ["peak MB: the import process's maximum resident set (os.wait4)"],
        where,
    )


if __name__ == "__main__":
    main()
