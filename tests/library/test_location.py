"""Where a library's database lives, and a home that remembers it."""

from __future__ import annotations

import stat

import pytest

from gentle_memories.library import Library, LibraryError
from gentle_memories.library.location import BINDING, database_url


def test_a_home_is_its_own_sqlite_library_unless_told_otherwise(tmp_path, monkeypatch):
    home = tmp_path / "elsewhere"
    monkeypatch.delenv("GENTLE_MEMORIES_DB", raising=False)
    assert database_url(home) == (f"sqlite:///{home / 'library.db'}", False)


def test_a_home_given_a_server_remembers_it_privately_and_refuses_another(tmp_path, monkeypatch):
    home = tmp_path / "elsewhere"
    monkeypatch.delenv("GENTLE_MEMORIES_DB", raising=False)
    home.mkdir()
    server = "postgresql+psycopg://gm:s3cret@db.local/memories"
    assert database_url(home, server) == (server, True)
    from gentle_memories.library.location import remember

    remember(home, server)
    assert stat.S_IMODE((home / BINDING).stat().st_mode) == 0o600
    assert database_url(home) == (server, False), "a later run without --db finds it"
    with pytest.raises(LibraryError) as refused:
        database_url(home, "postgresql+psycopg://gm@other.local/memories")
    assert "uses the database postgresql+psycopg://gm:***@db.local/memories" in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_a_sqlite_library_is_never_silently_left_for_a_server(tmp_path, monkeypatch):
    home = tmp_path / "elsewhere"
    monkeypatch.delenv("GENTLE_MEMORIES_DB", raising=False)
    Library.open(home).close()
    with pytest.raises(LibraryError, match="holds a SQLite library; give a new --home"):
        database_url(home, "postgresql+psycopg://gm@db.local/memories")


def test_the_environment_names_the_database_of_new_libraries_only(tmp_path, monkeypatch):
    old, new = tmp_path / "old", tmp_path / "new"
    monkeypatch.delenv("GENTLE_MEMORIES_DB", raising=False)
    Library.open(old).close()
    monkeypatch.setenv("GENTLE_MEMORIES_DB", "postgresql+psycopg://gm@db.local/memories")
    assert database_url(old) == (f"sqlite:///{old / 'library.db'}", False)
    assert database_url(new) == ("postgresql+psycopg://gm@db.local/memories", True)
