"""`today` on big libraries: the engine call and the whole CLI process, p50/p95/p99.

    .venv/bin/python bench/bench_today.py [--items 100000 1000000] [--days 30]
        [--reference /path/to/other/checkout] [--rounds 3]

Libraries are built once under the temp folder (bench/synthetic.py) and kept. The
engine row times `curate_day` in a process of its own, after one untimed call, with what
start-up made frozen out of the garbage collector, as the web app's server has it; the CLI
row times `memories --home H today --date D --json` as a new process, start-up included,
after one untimed run that writes the bytecode an installed package has.
With --reference, the other checkout's code runs beside this one's on a library its own
code built (kept apart, as it cannot open one this code upgraded), the two in turn, over
`--rounds` rounds, so that a machine's drift falls on both alike.
Prints a table and appends it to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench_incremental import HERE, big_library, code_env
from report import machine, percentile, record, timings
from synthetic import sample_days

CLI = Path(sys.executable).with_name("memories")
ENGINE = (
    "import json, sys; from pathlib import Path; from bench_today import engine_ms; "
    "print(json.dumps(engine_ms(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))"
)


def engine_ms(home: Path, count: int, days: int) -> list[float]:
    """Milliseconds of `curate_day` on each of the bench's days, in this process."""
    from gentle_memories.curate.curation import curate_day
    from synthetic import open_built

    library = open_built(home, count)
    asked = sample_days(days)
    curate_day(library, asked[0])
    gc.freeze()  # as `memories serve` does once started (deliver/web/app.py)
    try:
        return timings(lambda d: curate_day(library, d), asked)
    finally:
        library.close()


def today_process(home: Path, day: date, env: dict[str, str]) -> None:
    command = [CLI, "--home", home, "today", "--date", day.isoformat(), "--json"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--reference", type=Path, help="another checkout to run beside this")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    days = sample_days(args.days)
    codes = [("this code", HERE)] + ([("reference", args.reference)] if args.reference else [])
    where = machine()
    rows = []
    for count in args.items:
        homes = {name: big_library(source, count) for name, source in codes}
        engine: dict[str, list[float]] = {name: [] for name, _ in codes}
        process: dict[str, list[float]] = {name: [] for name, _ in codes}
        for name, source in codes:  # untimed, and writing the bytecode an install has
            today_process(homes[name], days[0], code_env(source))
        for _ in range(args.rounds if args.reference else 1):
            for name, source in codes:
                env = code_env(source)
                command = [sys.executable, "-c", ENGINE, str(homes[name]), str(count)]
                said = subprocess.run(
                    [*command, str(args.days)],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                engine[name] += json.loads(said.stdout.splitlines()[-1])

                def cli(day: date, home: Path = homes[name], env: dict = env) -> None:
                    today_process(home, day, env)

                process[name] += timings(cli, days)
        for name, _ in codes:
            label = f", {name}" if args.reference else ""
            for what, ms in (("engine (curate_day)", engine), ("CLI process", process)):
                figures = " | ".join(f"{percentile(ms[name], p):.1f}" for p in (0.5, 0.95, 0.99))
                rows.append(f"| {what}{label} | {count:,} | {len(ms[name])} | {figures} |")
    header = ["| what | items | runs | p50 ms | p95 ms | p99 ms |", "| ---" + " | ---:" * 5 + " |"]
    table = "\n".join([*header, *rows])
    print(table)
    command = f".venv/bin/python bench/bench_today.py --items {' '.join(map(str, args.items))}"
    command += f" --days {args.days}"
    if args.reference:
        command += f" --reference {args.reference} --rounds {args.rounds}"
    record("today on big libraries", command, table, where=where)


if __name__ == "__main__":
    main()
