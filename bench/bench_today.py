"""`today` on big libraries: the engine call and the whole CLI process, p50/p95/p99.

    .venv/bin/python bench/bench_today.py [--items 100000 1000000] [--days 30]

Libraries are built once under the temp folder (bench/synthetic.py) and kept. The
engine row times `curate_day` in process; the CLI row times
`memories --home H today --date D --json` as a new process, start-up included.
Prints a table and appends it to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from synthetic import open_built, percentile, sample_days

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
CLI = Path(sys.executable).with_name("memories")


def timed(run, days) -> list[float]:
    out = []
    for day in days:
        began = time.perf_counter()
        run(day)
        out.append((time.perf_counter() - began) * 1000)
    return out


def main() -> None:
    from gentle_memories.curate import curate_day

    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    days = sample_days(args.days)
    rows = []
    for count in args.items:
        home = Path(tempfile.gettempdir()) / f"gm-bench-{count}"
        library = open_built(home, count)
        curate_day(library, days[0])
        engine = timed(lambda d, lib=library: curate_day(lib, d), days)

        def cli(day, home=home) -> None:
            subprocess.run(
                [CLI, "--home", home, "today", "--date", day.isoformat(), "--json"],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        process = timed(cli, days)
        library.close()
        for what, ms in (("engine (curate_day)", engine), ("CLI process", process)):
            figures = " | ".join(f"{percentile(ms, p):.1f}" for p in (0.5, 0.95, 0.99))
            rows.append(f"| {what} | {count:,} | {len(ms)} | {figures} |")
    header = ["| what | items | dates | p50 ms | p95 ms | p99 ms |", "| ---" + " | ---:" * 5 + " |"]
    table = "\n".join([*header, *rows])
    print(table)
    machine = f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores"
    load = Path("/proc/loadavg").read_text().split()[0]
    with DOCS.open("a", encoding="utf-8") as out:
        out.write(
            f"\n## today on big libraries, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
            f"- machine: {machine}; load average before the run {load}\n"
            f"- command: `.venv/bin/python bench/bench_today.py --items "
            f"{' '.join(map(str, args.items))} --days {args.days}`\n\n{table}\n"
        )


if __name__ == "__main__":
    main()
