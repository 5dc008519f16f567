"""A soak of the web server: steady load for many minutes, from the real server on
loopback, with wrk (Debian package `wrk`: apt-get install wrk), in 1-minute slices.

    .venv/bin/python bench/bench_soak.py [--minutes 10] [--items 100000] [--connections 2]

The library is the one bench/bench_web.py uses, built once under the temp folder (see
bench/synthetic.py). The server runs as `memories serve` on 127.0.0.1 with one user, so
no sign-in is asked. Each slice runs two wrk at once, one on the today page and one on
/api/today, each with --connections connections and the date cycling over 30 days of
the year; per slice it records requests/s, p99 latency and errors (connect, read, write,
timeout, and answers not 2xx/3xx) per page, and the server's resident memory (VmRSS from
/proc) when the slice ends. The claim: memory flat from the first slice to the last (the
growth in MB) and no error.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_web import SCRIPT, free_port, wait_until_up
from report import machine, record
from synthetic import open_built, sample_days

CLI = Path(sys.executable).with_name("memories")
PAGES = ("/", "/api/today")


def memory_kb(pid: int, field: str = "VmRSS") -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split(f"{field}:")[1].split()[0])


def wrk(url: str, script: Path, connections: int, seconds: int) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def figures(run: subprocess.Popen) -> tuple[float, float, int]:
    """requests/s, p99 ms and errors of one finished wrk."""
    out, _ = run.communicate()
    if run.returncode or "bench " not in out:
        sys.exit(f"wrk failed (exit {run.returncode}):\n{out}")
    requests, duration, _p50, _p95, p99, errors = map(int, out.split("bench ")[1].split())
    return requests / duration * 1e6, p99 / 1000, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=2, help="per page")
    parser.add_argument("--slice", type=int, default=60, help="seconds per slice")
    parser.add_argument("--no-record", action="store_true", help="print only")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench_soak needs wrk, the HTTP load tool: sudo apt-get install wrk")
    home = Path(tempfile.gettempdir()) / f"gm-bench-{args.items}"
    open_built(home, args.items).close()
    script = home / "bench-soak.lua"
    script.write_text(SCRIPT % ", ".join(f'"{d.isoformat()}"' for d in sample_days(30)))
    port = free_port()
    where = machine()
    server = subprocess.Popen(
        [CLI, "--home", home, "serve", "--host", "127.0.0.1", "--port", str(port)]
    )
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        wait_until_up(f"{base}/api/today", server)
        idle_kb = memory_kb(server.pid)
        slices = args.minutes * 60 // args.slice
        for n in range(slices):
            runs = [wrk(base + page, script, args.connections, args.slice) for page in PAGES]
            done = [figures(run) for run in runs]
            rss = memory_kb(server.pid)
            rows.append((n + 1, done, rss))
            per_page = "  ".join(
                f"{page} {rate:.0f}/s p99 {p99:.0f} ms errors {errors}"
                for page, (rate, p99, errors) in zip(PAGES, done, strict=True)
            )
            print(f"slice {n + 1}/{slices}: {per_page}  RSS {rss / 1024:.0f} MB", flush=True)
        peak_kb = memory_kb(server.pid, "VmHWM")
        if server.poll() is not None:
            sys.exit(f"the server stopped during the soak (exit {server.returncode})")
    finally:
        server.terminate()
        server.wait()
    lines = [
        "| minute | / requests/s | / p99 ms | /api/today requests/s | /api/today p99 ms "
        "| errors | server RSS MB |",
        "| ---:" * 7 + " |",
    ]
    for n, ((r1, p1, e1), (r2, p2, e2)), rss in rows:
        minute = n * args.slice / 60
        lines.append(
            f"| {minute:g} | {r1:.1f} | {p1:.0f} | {r2:.1f} | {p2:.0f} | {e1 + e2} "
            f"| {rss / 1024:.0f} |"
        )
    table = "\n".join(lines)
    errors = sum(e for _, done, _ in rows for _, _, e in done)
    first, last = rows[0][2], rows[-1][2]
    growth = (last - first) / 1024
    print(table)
    print(
        f"RSS idle {idle_kb / 1024:.0f} MB, after the first slice {first / 1024:.0f} MB, "
        f"at the end {last / 1024:.0f} MB (growth {growth:+.1f} MB), peak {peak_kb / 1024:.0f}"
        f" MB; errors {errors}"
    )
    if args.no_record:
        return
    record(
        "Web server soak",
        " ".join([".venv/bin/python bench/bench_soak.py", *sys.argv[1:]]),
        table,
        [
            f"library: {args.items:,} synthetic items; `memories serve` on 127.0.0.1, one "
            f"user, no sign-in; two wrk at once (1 thread, {args.connections} connections "
            f"each), one on `/` and one on `/api/today`, dates cycling over 30 days, "
            f"{args.minutes} minutes in {args.slice} s slices; wrk on the same cores",
            f"server RSS: idle {idle_kb / 1024:.0f} MB, after the first slice "
            f"{first / 1024:.0f} MB, at the end {last / 1024:.0f} MB: growth "
            f"{growth:+.1f} MB from the first slice to the last; peak (VmHWM) "
            f"{peak_kb / 1024:.0f} MB",
            f"errors (connect, read, write, timeout, not 2xx/3xx), all slices: {errors}",
        ],
        where,
    )


if __name__ == "__main__":
    main()
