"""An export as a tree of named files, whether it lies unpacked in a folder or inside zips.

Every export importer reads through this one view, so Takeout, Instagram, Facebook and
Day One behave the same on a folder and on the zip the service gave: names are paths
relative to the export root with "/" separators, and each file has a uri that the
library remembers (the absolute path for a folder, "zip:/abs/part.zip!member" in a zip).
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from gentle_memories.sources.base import Skipped


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    mtime_ns: int


class Tree(Protocol):
    label: str
    entries: dict[str, Entry]
    refused: list[Skipped]

    def open(self, name: str) -> BinaryIO:
        """A binary stream of the file; OSError or ValueError when it cannot be read."""

    def uri(self, name: str) -> str: ...

    def disk_path(self, name: str) -> Path | None:
        """The file on disk when the tree is a folder; None inside a zip."""

    def close(self) -> None: ...


def read_bytes(tree: Tree, name: str) -> bytes:
    """The whole file; OSError or ValueError when it cannot be read, in a zip too."""
    try:
        with tree.open(name) as f:
            return f.read()
    except (zipfile.BadZipFile, zlib.error) as exc:  # a member damaged past its header
        raise ValueError(f"damaged inside the zip ({exc})") from exc


@dataclass
class DirTree:
    """A folder, walked without following links (nothing outside it is read); with `only`,
    the one file of that name in it (an .ics or a Journal.json given on its own)."""

    root: Path
    only: str | None = None
    label: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)
    refused: list[Skipped] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = Path(os.path.realpath(self.root))
        self.label = self.label or str(self.root / (self.only or ""))
        found = _walk(str(self.root)) if self.only is None else [(self.only, self.uri(self.only))]
        for rel, path in found:
            try:
                st = os.stat(path, follow_symlinks=False)
            except OSError as exc:
                self.refused.append(Skipped(path, f"could not be read: {exc.strerror or exc}"))
                continue
            if stat.S_ISLNK(st.st_mode):
                self.refused.append(Skipped(path, "a link; links are not followed"))
            elif stat.S_ISREG(st.st_mode):
                self.entries[rel] = Entry(rel, st.st_size, st.st_mtime_ns)

    def open(self, name: str) -> BinaryIO:
        return open(self.root / name, "rb")

    def uri(self, name: str) -> str:
        return str(self.root / name)

    def disk_path(self, name: str) -> Path | None:
        return self.root / name

    def close(self) -> None:
        """Nothing to release; here so that every tree can be closed alike."""


def _walk(root: str, max_depth: int | None = None) -> Iterator[tuple[str, str]]:
    """(relative posix name, path) of every non-directory under root, in a stable order."""
    pending = [(root, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as it:
                found = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for e in found:
            if e.is_dir(follow_symlinks=False):
                if max_depth is None or depth < max_depth:
                    pending.append((e.path, depth + 1))
            else:
                yield os.path.relpath(e.path, root).replace(os.sep, "/"), e.path


def shallow_names(root: Path, max_depth: int = 5, limit: int = 50_000) -> list[str]:
    """Names near the top of a folder: enough to recognise an export without walking it all."""
    names = []
    for rel, _ in _walk(str(root), max_depth):
        names.append(rel)
        if len(names) >= limit:
            break
    return names
