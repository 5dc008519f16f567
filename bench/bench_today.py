"""`today` on big libraries: the engine call and the whole CLI process, p50/p95/p99.

    .venv/bin/python bench/bench_today.py [--items 100000 1000000] [--days 30]

Libraries are built once under the temp folder (bench/synthetic.py) and kept. The
engine row times `curate_day` in process; the CLI row times
`memories --home H today --date D --json` as a new process, start-up included.
Prints a table and appends it to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from report import machine, percentile, record, timings
from synthetic import open_built, sample_days

CLI = Path(sys.executable).with_name("memories")


def main() -> None:
    from gentle_memories.curate.curation import curate_day

    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    days = sample_days(args.days)
    where = machine()
    rows = []
    for count in args.items:
        home = Path(tempfile.gettempdir()) / f"gm-bench-{count}"
        library = open_built(home, count)
        curate_day(library, days[0])
        engine = timings(lambda d, lib=library: curate_day(lib, d), days)

        def cli(day, home=home) -> None:
            subprocess.run(
                [CLI, "--home", home, "today", "--date", day.isoformat(), "--json"],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        process = timings(cli, days)
        library.close()
        for what, ms in (("engine (curate_day)", engine), ("CLI process", process)):
            figures = " | ".join(f"{percentile(ms, p):.1f}" for p in (0.5, 0.95, 0.99))
            rows.append(f"| {what} | {count:,} | {len(ms)} | {figures} |")
    header = ["| what | items | dates | p50 ms | p95 ms | p99 ms |", "| ---" + " | ---:" * 5 + " |"]
    table = "\n".join([*header, *rows])
    print(table)
    command = f".venv/bin/python bench/bench_today.py --items {' '.join(map(str, args.items))}"
    record("today on big libraries", f"{command} --days {args.days}", table, where=where)


if __name__ == "__main__":
    main()
