"""The `memories today` process from start to exit, start-up included: p50/p95 wall time.

    .venv/bin/python bench/bench_startup.py [--runs 20] [--reference /path/to/other/checkout]

Times `memories --home H today --date D --json` as a new process on the sample library
(built once under the temp folder, around one day) and, over the bench's days, on the
100,000-item library bench/bench_today.py builds ($TMPDIR/gm-bench-100000) when it is
there. Two floors beside them: the interpreter alone, and the interpreter importing
SQLAlchemy, which reading a library needs. Each row has one untimed run first, which also
writes the bytecode an installed package has (the runs drop PYTHONDONTWRITEBYTECODE);
then the rows run in turn, one run each, so that a machine that slows down or speeds up
during the bench does so for every row alike.
With --reference, the same `today` on a sample library that checkout's code built, run
by its code beside this one's.
Appends the table to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from report import AS_INSTALLED, machine, percentile, record, timings
from synthetic import sample_days

CLI = Path(sys.executable).with_name("memories")
TEMP = Path(tempfile.gettempdir())
SAMPLE_DAY = date(2026, 6, 1)


def run(command: list, env: dict[str, str] = AS_INSTALLED) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)


def python(code: str) -> list:
    return [sys.executable, "-c", code]


def today(home: Path, day: date) -> list:
    return [CLI, "--home", home, "today", "--date", day.isoformat(), "--json"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reference", type=Path, help="another checkout to run beside this")
    args = parser.parse_args()
    sample = TEMP / "gm-bench-sample"
    if not (sample / "library.db").exists():
        run([CLI, "--home", sample, "sample", "--date", SAMPLE_DAY.isoformat()])
    same = [SAMPLE_DAY] * args.runs
    cases = [
        ("python -c pass", lambda _: python("pass"), same),
        ("python -c 'import sqlalchemy'", lambda _: python("import sqlalchemy"), same),
        ("today, sample library", lambda day: today(sample, day), same),
    ]
    envs: dict[str, dict[str, str]] = {}  # a case run by other code than this
    if args.reference:
        theirs = {**AS_INSTALLED, "PYTHONPATH": str(args.reference / "src")}
        home = Path(tempfile.mkdtemp(prefix="gm-bench-sample-reference-"))
        run([CLI, "--home", home, "sample", "--date", SAMPLE_DAY.isoformat()], theirs)
        cases.append(("today, sample library, reference", lambda _: today(home, SAMPLE_DAY), same))
        envs[cases[-1][0]] = theirs
    big = TEMP / "gm-bench-100000"
    if (big / "library.db").exists():
        days = sample_days(args.runs)
        cases.append(("today, 100,000 items", lambda day: today(big, day), days))
    where = machine()
    for what, command, days in cases:
        run(command(days[0]), envs.get(what, AS_INSTALLED))
    ms: dict[str, list[float]] = {what: [] for what, _, _ in cases}
    for n in range(args.runs):  # the rows in turn, so that a machine's drift falls on all
        for what, command, days in cases:
            env = envs.get(what, AS_INSTALLED)
            ms[what] += timings(
                lambda day, command=command, env=env: run(command(day), env), [days[n]]
            )
    rows = []
    for what, found in ms.items():
        figures = " | ".join(f"{percentile(found, p):.0f}" for p in (0.5, 0.95))
        rows.append(f"| {what} | {len(found)} | {figures} |")
    header = ["| process | runs | p50 ms | p95 ms |", "| --- | ---: | ---: | ---: |"]
    table = "\n".join([*header, *rows])
    print(table)
    after = os.getloadavg()[0]
    said = f" --reference {args.reference}" if args.reference else ""
    record(
        "the `memories today` process, start-up included",
        f".venv/bin/python bench/bench_startup.py --runs {args.runs}{said}",
        table,
        [f"load average after the run {after:.2f}"],
        where=where,
    )


if __name__ == "__main__":
    main()
