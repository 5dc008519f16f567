"""`memories serve` as a person starts it: the real command, a real port, then stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_memories_serve_answers_on_loopback(home: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "GENTLE_MEMORIES_PASSWORD"}
    command = [sys.executable, "-m", "gentle_memories.deliver.cli", "--home", str(home)]
    server = subprocess.Popen([*command, "serve", "--port", str(port)], env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json") as r:
                    assert r.status == 200 and r.headers["x-frame-options"] == "DENY"
                    break
            except OSError:
                assert server.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(10)
