"""What an importer yields, and what it may ask of the library while scanning."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gentle_memories.items import Item


@dataclass(frozen=True)
class Skipped:
    """A file or entry that could not become an item, with a reason a person can act on."""

    uri: str
    reason: str


@dataclass(frozen=True)
class Unchanged:
    """A file the library already holds as it is now: not read again."""

    uri: str


Found = Item | Skipped | Unchanged


class KnownFiles(Protocol):
    """The library's memory of files it has read, so a re-import reads only what changed."""

    def unchanged(self, uri: str, size: int, mtime_ns: int) -> bool: ...


class Importer(Protocol):
    name: str

    def detect(self, path: Path) -> bool:
        """True when the path's content (not its name) is this importer's format."""

    def count(self, path: Path) -> int | None:
        """How many entries scan will yield, for the progress bar; None when unknown."""

    def scan(self, path: Path, known: KnownFiles) -> Iterator[Found]:
        """Yield one Found for every entry under path, never raising for a bad entry."""
