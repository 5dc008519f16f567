"""Server time of the today page (and /api/today) on a library of N items: p50 and p95.

    .venv/bin/python bench/web_today.py [--items 100000] [--home DIR] [--days 60]

The library is built once in DIR (kept between runs; see bench/synthetic.py). Each
request goes through the whole app in process (routing, curation, templates), so the
figure is the server's time, without the network; the last row is `curate_day` alone,
the share of it that is curation.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from report import percentile, timings
from synthetic import open_built, sample_days


def fetch(client, path: str):
    def run(day: date) -> None:
        response = client.get(path, params={"date": day.isoformat()})
        assert response.status_code == 200, response.text[:200]

    return run


def main() -> None:
    from fastapi.testclient import TestClient

    from gentle_memories.curate.curation import curate_day
    from gentle_memories.deliver.web.app import create_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    home = args.home or Path(tempfile.gettempdir()) / f"gm-bench-{args.items}"
    library = open_built(home, args.items)
    client = TestClient(create_app(library), base_url="http://127.0.0.1")
    days = sample_days(args.days)
    timings(fetch(client, "/"), days[:5])
    print("| page | items | requests | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: | ---: |")
    runs = {path: fetch(client, path) for path in ("/", "/api/today")}
    runs["curate_day alone"] = lambda day: curate_day(library, day)
    for path, run in runs.items():
        ms = timings(run, days)
        p50, p95 = percentile(ms, 0.5), percentile(ms, 0.95)
        print(f"| {path} | {args.items} | {len(ms)} | {p50:.1f} | {p95:.1f} |")
    library.close()


if __name__ == "__main__":
    main()
