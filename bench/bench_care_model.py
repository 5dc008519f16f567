"""How fast the care model reads text: captions per second on this machine, cold and cached.

    .venv/bin/python bench/bench_care_model.py [--dev FILE.jsonl] [--count N] [--no-record]

Cold: classify() with no cache, on two workloads, since the cost grows with the number
of words: short photo captions and, when present, the dev set's public posts (about 30
tokens, some 60). Through the library: the same captions as items of a real SQLite
library in a temporary folder, read by text_signals as an import does, first with an
empty verdict cache and then again (a re-import: every verdict comes from the cache).
Prints a table and appends it, with machine, date and command, to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "captions-dev.jsonl"

HAPPY = [
    "Beach day with {who}",
    "{who} at the farmers market",
    "Sunday lunch with {who}",
    "Birthday cake for {who}!",
    "Road trip with {who}",
    "{who} on the swings",
    "Sunset at the harbour with {who}",
    "First day of school for {who}",
    "Pizza night with {who}",
    "Hiking with {who} in the hills",
    "Christmas morning with {who}",
    "{who} learning to swim",
]
SAD = [
    "Hospital again with {who}",
    "Saying goodbye to {who}",
    "Missing {who} today",
    "The funeral for {who}",
    "Last photo with {who}",
]
WHO = ["Grandma", "the kids", "Dad", "Mia", "the dog", "Tom and Ana", "my sister", "everyone"]


def captions(count: int, seed: int = 7) -> list[str]:
    """Distinct short captions, one in ten sad: roughly an archive's mix."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        pool = SAD if i % 10 == 0 else HAPPY
        out.append(f"{rng.choice(pool).format(who=rng.choice(WHO))} ({2010 + i % 15}, #{i})")
    return out


def measure(texts: list[str], rounds: int = 3) -> float:
    from gentle_memories.care import model

    classify = model.current().classify
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        classify(texts)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def measure_library(texts: list[str], rounds: int = 3) -> tuple[float, float]:
    """Captions/s of text_signals on a library holding one item per text: the first run
    (nothing cached) and the best of `rounds` re-runs (everything cached)."""
    from gentle_memories.items import Item, hash_bytes
    from gentle_memories.library import Library
    from gentle_memories.understand.text_signals import refresh_text_signals

    items = [
        Item(
            source="folder",
            uri=f"/photos/bench-{i}.jpg",
            kind="photo",
            content_hash=hash_bytes(f"bench-{i}".encode()),
            taken_at=datetime(2010, 1, 1) + timedelta(hours=7 * i),
            date_confidence="exact",
            date_source="EXIF DateTimeOriginal",
            caption=text,
            size=1000,
            mtime_ns=1,
        )
        for i, text in enumerate(texts)
    ]
    with tempfile.TemporaryDirectory() as home:
        library = Library.open(Path(home))
        try:
            library.save_all(items)
            start = time.perf_counter()
            refresh_text_signals(library)
            first = time.perf_counter() - start
            best = float("inf")
            for _ in range(rounds):
                start = time.perf_counter()
                refresh_text_signals(library)
                best = min(best, time.perf_counter() - start)
        finally:
            library.close()
    return len(texts) / first, len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    from gentle_memories.care import model

    care = model.current()
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    care.classify(["warm up the encoder"])
    load_s = time.perf_counter() - start
    import resource

    from threadpoolctl import threadpool_info

    short = captions(args.count)
    rows = [("short captions (1 in 10 sad), cold", args.count, measure(short))]
    if args.dev.exists():
        raw = args.dev.read_text(encoding="utf-8").splitlines()
        dev = [json.loads(line)["text"] for line in raw if line.strip()]
        rows.append((f"dev set posts ({args.dev.name}), cold", len(dev), measure(dev)))
    first, cached = measure_library(short)
    rows.append(("short captions, import through the library, first run", args.count, first))
    rows.append(("short captions, import through the library, cached re-run", args.count, cached))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())

    lines = [
        "",
        f"## The care model: captions per second, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"numpy BLAS: {blas}, "
        f"Python {platform.python_version()}; load average before the run "
        f"{load_before:.1f} (other work on the machine slows every figure)",
        f"- command: `{' '.join([Path(sys.executable).name, *sys.argv])}`",
        f"- model: {care.version}; import and thresholds {import_s * 1000:.0f} ms; "
        f"first call (loads the encoder) {load_s:.2f} s; peak memory of this run {peak_mb:.0f} MB",
        "",
        "| workload | texts | captions/s |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {n} | {rate:.0f} |" for name, n, rate in rows),
        "",
    ]
    print("\n".join(lines))
    if not args.no_record:
        path = ROOT / "docs" / "benchmarks.md"
        if not path.exists():
            path.write_text("# Benchmarks\n\nEach run appends its table.\n\n", encoding="utf-8")
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
