"""A household over one archive: several users, each with their own rules, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_household.py [--items 1000000] [--users 5] [--days 30]
        [--db postgresql+psycopg://gm@127.0.0.1:PORT/gm_bench]

Each user gets rules of their own (a person to hide, a theme to ask about, a range of
dates). Per store, the table gives `today` (curate_day as that user) p50/p95/p99 over
the sample dates, and the nightly run: every user's notification for one day, composed
as `memories notify --dry-run` composes it (nothing is sent). SQLite runs always; the
PostgreSQL row runs when --db names a database (scripts/postgres.sh starts a throwaway
server). Libraries are built once and kept (bench/synthetic.py).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from report import machine, percentile, record, timings
from synthetic import PEOPLE, TODAY, open_built, sample_days

THEMES = ("bereavement", "illness", "pet_loss", "job_loss", "breakup_divorce")


def with_users(library, count: int):
    """The household: `count` users, each with a password and rules of their own."""
    from datetime import date

    have = {u.name for u in library.users()}
    for n in range(count):
        name = f"user{n + 1}"
        if name not in have:
            library.add_user(name, f"password-{n}")
            view = library.for_user(name)
            view.add_rule("hide", "person", PEOPLE[n % len(PEOPLE)])
            view.add_rule("ask", "theme", THEMES[n % len(THEMES)])
            view.add_rule(
                "hide",
                "dates",
                date_from=date(2018, 1 + n % 12, 1),
                date_to=date(2018, 1 + n % 12, 9),
            )
    return [library.for_user(f"user{n + 1}") for n in range(count)]


def measure(library, users: int, days) -> tuple[list[str], float]:
    from gentle_memories.curate.curation import curate_day
    from gentle_memories.deliver.notify.run import deliver

    views = with_users(library, users)
    rows = []
    for view in views:
        curate_day(view, days[0])
        ms = timings(lambda d, v=view: curate_day(v, d), days)
        figures = " | ".join(f"{percentile(ms, p):.1f}" for p in (0.5, 0.95, 0.99))
        rows.append((view.user.name, figures))
    start = time.perf_counter()
    now = datetime.combine(TODAY, datetime.min.time(), UTC).replace(hour=9)
    for view in views:
        deliver(view, now, TODAY, dry_run=True)
    nightly = (time.perf_counter() - start) * 1000
    return [f"{name} | {figures}" for name, figures in rows], nightly


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--db", help="a PostgreSQL database for the second row")
    args = parser.parse_args()
    days = sample_days(args.days)
    where = machine()
    stores = [("SQLite", None)] + ([("PostgreSQL", args.db)] if args.db else [])
    lines = []
    for store, db in stores:
        suffix = "" if db is None else "-pg"
        home = Path(tempfile.gettempdir()) / f"gm-household-{args.items}{suffix}"
        began = time.perf_counter()
        library = open_built(home, args.items, db)
        built = time.perf_counter() - began
        per_user, nightly = measure(library, args.users, days)
        library.close()
        lines += [f"| {store} | {args.items:,} | {row} |" for row in per_user]
        lines.append(
            f"| {store} | {args.items:,} | nightly run, {args.users} users | {nightly:.0f} ms"
            f" in all | | |"
        )
        print(f"{store}: opened or built in {built:.0f} s")
    header = [
        "| store | items | user | today p50 ms | p95 ms | p99 ms |",
        "| --- | ---:" + " | ---" + " | ---:" * 3 + " |",
    ]
    table = "\n".join([*header, *lines])
    print(table)
    command = (
        f".venv/bin/python bench/bench_household.py --items {args.items} --users {args.users}"
        + (" --db postgresql+psycopg://gm@127.0.0.1:PORT/gm_bench" if args.db else "")
    )
    record("a household over one archive", f"{command} --days {args.days}", table, where=where)


if __name__ == "__main__":
    main()
