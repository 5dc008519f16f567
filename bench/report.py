"""What every benchmark shares: timing a call per day, percentiles, and the record it
appends to docs/benchmarks.md with the machine, the load and the command."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
AS_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The environment of a timed process: without PYTHONDONTWRITEBYTECODE, so that after one
untimed run it reads its bytecode, as an installed package does, and compiles nothing."""


def timings(run: Callable, days: Iterable) -> list[float]:
    """Milliseconds of run(day) for each day."""
    out = []
    for day in days:
        began = time.perf_counter()
        run(day)
        out.append((time.perf_counter() - began) * 1000)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def machine() -> str:
    load = os.getloadavg()[0]
    cores = len(os.sched_getaffinity(0))
    return f"{platform.machine()}, {cores} cores; load average before the run {load:.2f}"


def record(
    title: str, command: str, table: str, notes: Iterable[str] = (), where: str = ""
) -> None:
    """Append one measurement to docs/benchmarks.md; `where` is machine() taken before the run."""
    lines = [
        f"- machine: {where or machine()}",
        f"- command: `{command}`",
        *(f"- {n}" for n in notes),
    ]
    with DOCS.open("a", encoding="utf-8") as out:
        out.write(f"\n## {title}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n")
        out.write("\n".join(lines) + f"\n\n{table}\n")
