"""Helpers for the export tests: write export files, run an importer, sort what it found."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from gentle_memories.importing import run_import
from gentle_memories.items import Item
from gentle_memories.library import Library
from gentle_memories.sources.base import Skipped, Unchanged


@dataclass
class Found:
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)

    def by_caption(self, text: str) -> Item:
        return next(i for i in self.items if text in i.caption)

    def by_name(self, name: str) -> Item:
        return next(i for i in self.items if i.uri.endswith(name))

    def reasons(self) -> str:
        return "\n".join(f"{s.uri}: {s.reason}" for s in self.skipped)


def scan(importer, path: Path, library: Library) -> Found:
    """Everything an importer finds, after checking that it recognises the path."""
    assert importer.detect(path), f"{importer.name} does not recognise {path}"
    found = Found()
    for f in importer.scan(path, library.known_files()):
        if isinstance(f, Item):
            found.items.append(f)
        elif isinstance(f, Skipped):
            found.skipped.append(f)
        else:
            found.unchanged.append(f)
    return found


def write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def zip_folder(folder: Path, target: Path, only: list[str] | None = None) -> Path:
    """A zip of a folder's files (or of `only` those names), as a service would give it."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            name = f.relative_to(folder).as_posix()
            if f.is_file() and (only is None or name in only):
                zf.write(f, name)
    return target


def imported(library: Library, *paths: Path):
    return run_import(library, list(paths))


def plain_jpeg(path: Path, seed: int) -> Path:
    """A JPEG with no metadata at all, as Instagram and Facebook hand photos back."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (seed * 37 % 256, seed * 91 % 256, seed * 53 % 256)).save(
        path, "JPEG"
    )
    return path


def meta_mojibake(text: str) -> str:
    """Text as Meta writes it: each UTF-8 byte its own \\u00XX character."""
    return text.encode("utf-8").decode("latin-1")
