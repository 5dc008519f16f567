"""Shared fixtures: a real library in a temporary home, items saved into it, the real CLI."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from gentle_memories.deliver.cli import cli
from gentle_memories.items import Item, Place, hash_bytes
from gentle_memories.library import Library

SHARED = (Path(__file__).resolve().parents[2] / "shared").resolve()
CORPUS = Path(__file__).resolve().parent / "corpus"
"""Real files nobody on the project made, with their terms: tests/corpus/README.md."""
EVAL = SHARED / "eval"


@pytest.fixture
def berlin_computer(monkeypatch):
    """This computer's time zone is Berlin's, for tests whose times depend on it."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def library(home: Path):
    lib = Library.open(home)
    yield lib
    lib.close()


def make_item(
    taken: datetime | None,
    caption: str = "",
    people: list[str] | None = None,
    albums: list[str] | None = None,
    place: Place | None = None,
    fingerprint: str | None = None,
    confidence: str = "exact",
    name: str | None = None,
) -> Item:
    """An item as an importer would yield it, with content unique to its name and time."""
    name = name or f"{taken:%Y%m%d_%H%M%S}-{caption[:10]}"
    return Item(
        source="folder",
        uri=f"/photos/{name}.jpg",
        kind="photo",
        content_hash=hash_bytes(f"{name}{taken}{caption}".encode()),
        taken_at=taken,
        date_confidence=confidence,
        date_source="EXIF DateTimeOriginal" if confidence == "exact" else "file modification time",
        caption=caption,
        people=people or [],
        albums=albums or [],
        place=place,
        fingerprint=fingerprint,
        size=1000,
        mtime_ns=1,
    )


def save_items(library: Library, *items: Item) -> list[str]:
    """Save items and bring understanding up to date, as an import would; returns their ids."""
    from gentle_memories.understand.understanding import understand

    library.save_all(list(items))
    understand(library)
    return [library_id(library, i) for i in items]


def library_id(library: Library, item: Item) -> str:
    return library.ids_by_hash([item.content_hash])[item.content_hash]


def memories(home: Path, *args: str, code: int = 0) -> str:
    """Run `memories --home HOME ARGS` in process, as a person would type it; returns stdout."""
    result = CliRunner().invoke(cli, ["--home", str(home), *args])
    assert result.exit_code == code, result.output
    return result.stdout


def memories_fails(home: Path, *args: str, code: int = 2) -> str:
    """Run a command that must fail; returns its stderr, which must be one line."""
    result = CliRunner().invoke(cli, ["--home", str(home), *args])
    assert result.exit_code == code, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def today_json(home: Path, day: str) -> dict:
    return json.loads(memories(home, "today", "--date", day, "--json"))


def offered(home: Path, day: str) -> list[dict]:
    """The items on this day (not the week around it)."""
    found = today_json(home, day)["memories"]
    return [i for m in found if m["kind"] == "on_this_day" for i in m["items"]]


@pytest.fixture
def standin():
    """A stand-in Immich server (tests/sources/immich/standin.py); a test fails when any
    request it got or answer it gave is off Immich's pinned spec."""
    from tests.sources.immich.standin import Standin

    server = Standin().start()
    yield server
    server.stop()
    assert not server.violations, "\n".join(server.violations)


@pytest.fixture(autouse=True)
def postgres_library(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """With GENTLE_MEMORIES_TEST_PG set to a server's URL (scripts/test starts a throwaway one),
    each test's library lives in its own fresh PostgreSQL database, named in GENTLE_MEMORIES_DB,
    instead of a SQLite file: the same tests then check the library on both. The database is
    dropped after the test. Without the variable this does nothing."""
    import os
    import uuid

    import sqlalchemy as sa

    server = os.environ.get("GENTLE_MEMORIES_TEST_PG")
    if not server:
        return
    name = f"gm_{uuid.uuid4().hex}"
    url = sa.make_url(server)
    admin = sa.create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    request.addfinalizer(drop)
    monkeypatch.setenv(
        "GENTLE_MEMORIES_DB", url.set(database=name).render_as_string(hide_password=False)
    )
