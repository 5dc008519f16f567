"""Server time of the today page (and /api/today) on a library of N items: p50 and p95.

    .venv/bin/python bench/web_today.py [--items 100000] [--home DIR] [--days 60]

The library is built once in DIR (kept between runs): items in outings of about 40
photos over ten years, a few people, 1 in 100 with a painful text signal, and a
handful of rules. Each request goes through the whole app in process (routing,
curation, templates), so the figure is the server's time, without the network; the
last row is `curate_day` alone, the share of it that is curation.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from gentle_memories.items import Item, hash_bytes
from gentle_memories.library import Library
from gentle_memories.library.records import Signal

PEOPLE = ("Maya", "Sam", "Jo", "Alex", "Ren")
TODAY = date(2026, 6, 1)
PER_OUTING = 40  # photos come in outings: a day out, a party, a walk


def build(library: Library, count: int) -> None:
    """Rows written in bulk (as `Library.save` would shape them): saving one by one is
    the importer's job, and timing it is not this benchmark's."""
    from sqlalchemy import insert

    from gentle_memories.library import schema
    from gentle_memories.library.store import _item_row
    from gentle_memories.understand.events import assign_events

    rng = random.Random(7)
    start = datetime(TODAY.year - 10, TODAY.month, TODAY.day)
    days = (TODAY - start.date()).days
    outings = [
        start + timedelta(days=rng.randrange(days), hours=rng.uniform(8, 20))
        for _ in range(max(1, count // PER_OUTING))
    ]
    items, people = [], []
    for n in range(count):
        item = Item(
            source="folder",
            uri=f"/bench/{n}.jpg",
            kind="photo",
            content_hash=hash_bytes(f"bench-{n}".encode()),
            taken_at=rng.choice(outings) + timedelta(minutes=rng.uniform(0, 150)),
            date_confidence="exact",
            date_source="EXIF DateTimeOriginal",
            caption=f"photo {n}" if rng.random() < 0.3 else "",
            people=[p for p in PEOPLE if rng.random() < 0.1],
        )
        row = _item_row(item)
        row.update(id=item.content_hash[:16], added_at="2026-01-01", updated_at="2026-01-01")
        items.append(row)
        people += [{"item_id": row["id"], "name": p} for p in item.people]
    with library.transaction() as conn:
        conn.execute(insert(schema.items), items)
        if people:
            conn.execute(insert(schema.item_people), people)
    assign_events(library)
    painful = [row["id"] for row in items[::100]]
    library.replace_signals(
        "text",
        [Signal(i, "text", "bereavement", 0.9, "the caption speaks of a death") for i in painful],
    )
    library.add_rule("ask", "person", "Sam")
    library.add_rule("hide", "theme", "breakup_divorce")
    library.add_rule("hide", "dates", date_from=date(2019, 3, 1), date_to=date(2019, 3, 20))


def timings(run, days: list[date]) -> list[float]:
    out = []
    for day in days:
        began = time.perf_counter()
        run(day)
        out.append((time.perf_counter() - began) * 1000)
    return out


def fetch(client, path: str):
    def run(day: date) -> None:
        response = client.get(path, params={"date": day.isoformat()})
        assert response.status_code == 200, response.text[:200]

    return run


def main() -> None:
    from fastapi.testclient import TestClient

    from gentle_memories.curate import curate_day
    from gentle_memories.deliver.web.app import create_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    home = args.home or Path(tempfile.gettempdir()) / f"gm-bench-web-{args.items}"
    library = Library.open(home)
    if library.count_items() < args.items:
        began = time.perf_counter()
        build(library, args.items)
        print(f"built {args.items} items in {time.perf_counter() - began:.0f} s")
    client = TestClient(create_app(library), base_url="http://127.0.0.1")
    rng = random.Random(1)
    days = [TODAY - timedelta(days=rng.randrange(365)) for _ in range(args.days)]
    timings(fetch(client, "/"), days[:5])
    print("| page | items | requests | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: | ---: |")
    runs = {path: fetch(client, path) for path in ("/", "/api/today")}
    runs["curate_day alone"] = lambda day: curate_day(library, day)
    for path, run in runs.items():
        ms = sorted(timings(run, days))
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(f"| {path} | {args.items} | {len(ms)} | {statistics.median(ms):.1f} | {p95:.1f} |")
    library.close()


if __name__ == "__main__":
    main()
