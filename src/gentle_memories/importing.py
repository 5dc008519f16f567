"""The import run: find each path's importer, save what it yields, and say what happened.

Items are saved in batches, each in one transaction, so a run that stops halfway
leaves whole batches behind and the next run picks up where it stopped. While the scan
reads files, a thread beside it has the care model read each saved batch's new words
(TextReader), so that understanding afterwards finds their verdicts cached.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gentle_memories.items import Item, display_path
from gentle_memories.library import Library
from gentle_memories.posters import NoPoster, make_poster
from gentle_memories.sources.base import Importer, Skipped, Unchanged
from gentle_memories.sources.detect import UnknownFormat, importer_for
from gentle_memories.understand.text_reader import TextReader

BATCH = 500


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    copy: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    gone: int = 0
    empty_now: list[tuple[Path, int]] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)
    no_poster: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "copies": self.copy,
            "skipped": [{"uri": display_path(s.uri), "reason": s.reason} for s in self.skipped],
            "gone": self.gone,
            "empty_now": [{"path": str(p), "files_before": n} for p, n in self.empty_now],
            "formats": dict(self.formats),
            "no_poster": [{"uri": display_path(u), "reason": why} for u, why in self.no_poster],
        }


Progress = Callable[[int, int | None], None]


class WordsNotRead(Exception):
    """The care model failed while the import read files: every file is imported (the
    run's summary is here), and the words it did not read are read when understanding
    runs again."""

    plain = True
    """Its message says it all: the command line shows it as it is."""

    def __init__(self, message: str, summary: ImportSummary) -> None:
        super().__init__(message)
        self.summary = summary


def run_import(
    library: Library,
    paths: Sequence[Path],
    progress: Progress | None = None,
    private: bool = False,
    texts: Progress | None = None,
) -> ImportSummary:
    """Import every path; a path that cannot be read at all raises UnknownFormat or OSError.

    `private`: the paths are the viewing user's alone; what only they hold is never
    read for anyone else. `texts`: told (read, found) as the care model reads the new
    words beside the scan (TextReader); WordsNotRead, after every file is saved, when
    it failed."""
    owner = library.user.id if private else None
    plans: list[tuple[Path, Importer]] = []
    for path in paths:
        path = Path(os.path.abspath(path))
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        plans.append((path, importer_for(path)))

    reader = TextReader(library, texts)
    try:
        summary = _import_all(library, plans, progress, owner, reader)
    except BaseException:
        reader.stop()  # the import's own error is the one to tell
        raise
    failed = reader.close()
    if failed is not None:
        said = " ".join(f"{type(failed).__name__}: {failed}".split())
        raise WordsNotRead(
            f"the care model could not read the new words ({said}); every file is "
            "imported, and their words are read when understanding runs again",
            summary,
        ) from failed
    return summary


def _import_all(
    library: Library,
    plans: list[tuple[Path, Importer]],
    progress: Progress | None,
    owner: int | None,
    reader: TextReader,
) -> ImportSummary:
    summary = ImportSummary()
    run_id = library.start_import([str(p) for p, _ in plans], owner)
    total = sum(_expected(library, p, imp) for p, imp in plans) or None
    done = 0
    known = library.known_files()
    for path, importer in plans:
        summary.formats[importer.name] += 1
        seen = SeenUris()
        batch: list[Item] = []
        for found in importer.scan(path, known):
            done += 1
            if progress:
                progress(done, max(total, done) if total else None)
            seen.add(found.uri)
            if isinstance(found, Skipped):
                summary.skipped.append(found)
                continue
            if isinstance(found, Unchanged):
                summary.unchanged += 1
                continue
            batch.append(found)
            if len(batch) >= BATCH:
                save_batch(library, batch, summary, owner=owner)
                reader.add(batch)
                batch = []
        save_batch(library, batch, summary, owner=owner)
        reader.add(batch)
        if path.is_dir():
            gone = [u for u in library.file_uris(importer.name, str(path)) if u not in seen]
            if gone and not seen:
                summary.empty_now.append((path, len(gone)))
                continue
            summary.gone += library.forget_files(gone)
    library.finish_import(run_id, summary.as_dict())
    return summary


def _expected(library: Library, path: Path, importer: Importer) -> int:
    """The files a scan of `path` will meet, for the progress bar: as many as the library
    knows there (a re-import: the folder is not walked twice), else counted."""
    known = library.count_files(importer.name, str(path)) if path.is_dir() else 0
    return known or importer.count(path) or 0


class SeenUris:
    """The uris a scan met, kept as 8 bytes each, so that a folder of a million files is
    compared with what the library knows without holding a million names. Two uris with
    the same hash read as both seen: a gone file is then forgotten at a later import,
    never a present one now."""

    def __init__(self) -> None:
        self._hashes = array("q")
        self._sorted = 0

    def add(self, uri: str) -> None:
        self._hashes.append(hash(uri))

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, uri: str) -> bool:
        if self._sorted != len(self._hashes):
            self._hashes = array("q", sorted(self._hashes))
            self._sorted = len(self._hashes)
        h = hash(uri)
        at = bisect_left(self._hashes, h)
        return at < len(self._hashes) and self._hashes[at] == h


def save_batch(
    library: Library,
    batch: list[Item],
    summary: ImportSummary,
    posters: bool = True,
    owner: int | None = None,
) -> None:
    """Save items in one transaction and count them; a poster frame for each video whose
    file is here (a photo server's videos have their own)."""
    if not batch:
        return
    for status in library.save_all(batch, owner):
        setattr(summary, status, getattr(summary, status) + 1)
    if posters:
        _make_posters(library, [item for item in batch if item.kind == "video"], summary)


def _make_posters(library: Library, videos: list[Item], summary: ImportSummary) -> None:
    """A video that cannot be decoded is still imported, only without a poster frame."""
    ids = library.ids_by_hash([v.content_hash for v in videos]) if videos else {}
    for video in videos:
        try:
            make_poster(library.home, ids[video.content_hash], video.uri, video.content_hash)
        except NoPoster as why:
            summary.no_poster.append((video.uri, str(why)))


__all__ = [
    "ImportSummary",
    "UnknownFormat",
    "WordsNotRead",
    "run_import",
    "save_batch",
]
