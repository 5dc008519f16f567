"""Private by default: import, classify, today and the web server run as real processes with
every outbound connection refused unless it goes to this machine (an audit hook on each
socket connect and address lookup); any attempt to reach out fails the test. And the
secrets (notification URLs, the web signing key) are kept 0600 and never printed whole."""

from __future__ import annotations

import json
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

from gentle_memories.sample import write_photo
from tests.reliability.conftest import command

GUARD = """
import ipaddress, os, runpy, socket, sys

LOG = os.environ["GM_OUTBOUND_LOG"]

def local(host):
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False

def guard(event, args):
    if event in ("socket.connect", "socket.connect_ex", "socket.sendto"):
        address = args[1] if event != "socket.sendto" else args[-1]
        if isinstance(address, tuple) and not local(address[0]):
            with open(LOG, "a") as log:
                log.write(f"{event} {address!r}\\n")
            raise ConnectionRefusedError(f"outbound connection blocked: {address!r}")
    elif event == "socket.getaddrinfo" and not local(args[0]):
        with open(LOG, "a") as log:
            log.write(f"{event} {args[0]!r}\\n")
        raise socket.gaierror(f"name lookups are blocked: {args[0]!r}")

sys.addaudithook(guard)
sys.argv = ["memories", *sys.argv[1:]]
runpy.run_module("gentle_memories.deliver.cli", run_name="__main__")
"""


def guarded(tmp_path: Path, home: Path, *args: str) -> list[str]:
    script = tmp_path / "guarded_memories.py"
    script.write_text(GUARD)
    return [sys.executable, str(script), *command(home, *args)[3:]]


def test_nothing_reaches_beyond_this_machine(tmp_path, monkeypatch):
    log = tmp_path / "outbound.log"
    log.touch()
    monkeypatch.setenv("GM_OUTBOUND_LOG", str(log))
    home, photos = tmp_path / "home", tmp_path / "photos"
    write_photo(photos / "Hospital" / "IMG_1.jpg", datetime(2021, 6, 1, 9), "We lost the baby")
    write_photo(photos / "Beach" / "IMG_2.jpg", datetime(2022, 6, 1, 9), "First swim", ["Maya"])

    def ok(*args: str, stdin: str | None = None) -> str:
        out = subprocess.run(
            guarded(tmp_path, home, *args), input=stdin, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        return out.stdout

    ok("import", str(photos))
    ok("classify", stdin=json.dumps({"text": "the funeral was on Tuesday"}) + "\n")
    assert json.loads(ok("today", "--date", "2023-06-01", "--json"))["memories"]
    assert "ntfy://****" in ok("notify", "add-target", "ntfy://example.invalid/topic")
    ok("notify", "--date", "2023-06-01", "--dry-run")

    port = _free_port()
    server = subprocess.Popen(
        guarded(tmp_path, home, "serve", "--port", str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        pages = [_get(port, p) for p in ("/?date=2023-06-01", "/api/today?date=2023-06-01")]
        assert all(status == 200 for status in pages)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert log.read_text() == "", log.read_text()
    assert "example.invalid/topic" not in output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, wait: float = 60) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
                return r.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_secrets_are_private_files_and_never_printed(tmp_path):
    home = tmp_path / "home"
    url = "ntfys://ntfy.example/a-long-secret-topic-4711"
    added = subprocess.run(
        command(home, "notify", "add-target", "-"), input=url, capture_output=True, text=True
    )
    assert added.returncode == 0, added.stderr
    shown = [
        added.stdout + added.stderr,
        subprocess.run(command(home, "notify", "targets"), capture_output=True, text=True).stdout,
        subprocess.run(
            command(home, "notify", "--date", str(date.today()), "--dry-run"),
            capture_output=True,
            text=True,
        ).stdout,
    ]
    from gentle_memories.deliver.web.app import create_app
    from gentle_memories.library import Library

    library = Library.open(home)
    create_app(library)
    library.close()
    for name in ("notify-targets.json", "web-secret"):
        assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
    assert not any("a-long-secret-topic" in text for text in shown), shown
    secret = (home / "web-secret").read_text().strip()
    for path in home.iterdir():
        if path.name not in ("notify-targets.json", "web-secret"):
            data = path.read_bytes()
            assert b"a-long-secret-topic" not in data and secret.encode() not in data, path
