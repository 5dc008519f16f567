"""The today page and /api/today under concurrent requests, from the real server on
loopback, with wrk (Debian package `wrk`): p50/p95/p99, requests/s, server memory.

    .venv/bin/python bench/bench_web.py [--items 100000] [--connections 1 8] [--seconds 10]

The library is built once under the temp folder (see bench/synthetic.py) and kept.
The server runs as `memories serve` with a password, as it would beyond loopback;
wrk signs in with it as a bearer token (the way scripts do) and asks for each page
with a date cycling over 30 days of the year, so no answer is the last one again.
The server's peak resident memory (VmHWM) is read when the load is over.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from report import machine, record
from synthetic import open_built, sample_days

CLI = Path(sys.executable).with_name("memories")
PAGES = ("/", "/api/today")
# wrk's done() is the only place that sees the whole latency histogram (microseconds)
SCRIPT = """
local days, n = {%s}, 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?date=" .. days[n %% #days + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"the server stopped at start-up (exit {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("the server did not answer within a minute")


def load(url: str, token: str, script: Path, connections: int, seconds: int) -> list[float]:
    """requests/s, p50, p95, p99 in ms and errors of one wrk run."""
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            f"Authorization: Bearer {token}",
            "-s",
            script,
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    requests, duration, p50, p95, p99, errors = map(int, out.split("bench ")[1].split())
    return [requests / duration * 1e6, p50 / 1000, p95 / 1000, p99 / 1000, errors]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench_web needs wrk, the HTTP load tool: sudo apt-get install wrk")
    home = Path(tempfile.gettempdir()) / f"gm-bench-{args.items}"
    open_built(home, args.items).close()
    script = home / "bench-web.lua"
    days = ", ".join(f'"{d.isoformat()}"' for d in sample_days(30))
    script.write_text(SCRIPT % days)
    token, port = secrets.token_urlsafe(16), free_port()
    where = machine()
    server = subprocess.Popen(
        [CLI, "--home", home, "serve", "--port", str(port)],
        env={**os.environ, "GENTLE_MEMORIES_PASSWORD": token},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/login", server)
        rows = []
        for page in PAGES:
            load(base + page, token, script, 1, 2)  # warm-up, not recorded
            for connections in args.connections:
                figures = load(base + page, token, script, connections, args.seconds)
                rows.append((page, connections, figures))
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak_kb = int(status.split("VmHWM:")[1].split()[0])
    finally:
        server.terminate()
        server.wait()
    lines = [
        "| page | connections | requests/s | p50 ms | p95 ms | p99 ms | errors |",
        "| ---" + " | ---:" * 6 + " |",
    ]
    for page, connections, (rate, p50, p95, p99, errors) in rows:
        lines.append(
            f"| {page} | {connections} | {rate:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} "
            f"| {errors} |"
        )
    table = "\n".join(lines)
    print(table)
    print(f"server peak resident memory: {peak_kb / 1024:.0f} MB")
    record(
        "Web under concurrent load",
        " ".join([".venv/bin/python bench/bench_web.py", *sys.argv[1:]]),
        table,
        [
            f"library: {args.items:,} synthetic items; `memories serve` on 127.0.0.1 with a "
            "password, signed in by bearer token; wrk 2 threads (1 with 1 connection), "
            f"{args.seconds} s per row, dates cycling over 30 days",
            "wrk runs on the same 2 cores as the server",
            f"server peak resident memory (VmHWM) after all rows: {peak_kb / 1024:.0f} MB",
        ],
        where,
    )


if __name__ == "__main__":
    main()
