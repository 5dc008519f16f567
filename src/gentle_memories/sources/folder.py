"""The photo folder: every photo and video under a directory, read in parallel, never written.

Hidden and system folders (.git, .thumbnails, .trashed-*, @eaDir, $RECYCLE.BIN) are not
walked; links are not followed, so nothing outside the folder is read; XMP sidecars
enrich their photo and are no items of their own.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from pathlib import Path

from gentle_memories.items import Item, display_path, hash_file
from gentle_memories.sources.base import Found, KnownFiles, Skipped, Unchanged
from gentle_memories.sources.media import NotMedia, read_media
from gentle_memories.sources.osxphotos import enrich, read_sidecar, sidecar_names

_SYSTEM_DIRS = {"$recycle.bin", "system volume information", "lost+found", "#recycle", "#snapshot"}
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
_SIDECAR = ".xmp"
_APPLE_SIDECAR = ".json"
_CHUNK = 16


@dataclass(frozen=True)
class Candidate:
    """A file to read: its path, album (folder relative to the root) and sidecars."""

    path: str
    album: str
    sidecars: tuple[str, ...] = ()
    apple: str = ""


def _hidden(entry: os.DirEntry[str]) -> bool:
    name = entry.name.casefold()
    if name.startswith(".") or name in _SYSTEM_FILES:
        return True
    return (name.startswith("@") or name in _SYSTEM_DIRS) and entry.is_dir(follow_symlinks=False)


def _album(root: str, directory: str) -> str:
    rel = os.path.relpath(directory, root)
    if rel == ".":
        return ""
    # albums are text for people; only the uri needs to round-trip to the bytes on disk
    return display_path(rel).replace(os.sep, "/")


def _link_reason(root: str, entry: os.DirEntry[str]) -> str:
    target = os.path.realpath(entry.path)
    if not os.path.exists(target):
        return "a broken link"
    if os.path.commonpath([root, target]) == root:
        return "a link to something inside this folder, which is read where it lies"
    return "a link to something outside this folder; links are not followed"


def _sidecars_of(name: str, sidecars: dict[str, str]) -> tuple[str, ...]:
    stem = os.path.splitext(name)[0]
    keys = [(name + _SIDECAR).casefold(), (stem + _SIDECAR).casefold()]
    return tuple(dict.fromkeys(sidecars[k] for k in keys if k in sidecars))


def _apple_sidecars(entries: list[os.DirEntry[str]]) -> dict[str, str]:
    """osxphotos JSON sidecars (photo.jpg.json or photo.json) by the name of their file."""
    jsons = {
        e.name.casefold(): e.path
        for e in entries
        if e.name.casefold().endswith(_APPLE_SIDECAR) and e.is_file(follow_symlinks=False)
    }
    found = {}
    for e in entries:
        if jsons and e.name.casefold() not in jsons:
            names = (n.casefold() for n in sidecar_names(e.name))
            match = next((jsons[n] for n in names if n in jsons), None)
            if match:
                found[e.name] = match
    return found


def walk(root: str) -> Iterator[Candidate | Skipped]:
    """Every file under root in a stable order, as a Candidate or a Skipped with its reason."""
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted((e for e in it if not _hidden(e)), key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(directory, f"folder could not be read: {exc.strerror or exc}")
            continue
        sidecars = {
            e.name.casefold(): e.path
            for e in entries
            if e.name.casefold().endswith(_SIDECAR) and e.is_file(follow_symlinks=False)
        }
        apple = _apple_sidecars(entries)
        claimed: set[str] = set()
        album = _album(root, directory)
        subdirs = []
        for e in entries:
            if e.is_symlink():
                yield Skipped(e.path, _link_reason(root, e))
            elif e.is_dir(follow_symlinks=False):
                subdirs.append(e.path)
            elif e.path in sidecars.values() or e.path in apple.values():
                continue
            elif not e.is_file(follow_symlinks=False):
                yield Skipped(e.path, "not a regular file")
            else:
                own = _sidecars_of(e.name, sidecars)
                claimed.update(own)
                yield Candidate(e.path, album, own, apple.get(e.name, ""))
        for path in sorted(set(sidecars.values()) - claimed):
            yield Skipped(path, "an XMP sidecar with no photo or video beside it")
        pending.extend(reversed(subdirs))


def _mtime_ns(c: Candidate, st: os.stat_result) -> int:
    """A sidecar edit is an edit of its photo: the newest of their mtimes."""
    times = [st.st_mtime_ns]
    for s in (*c.sidecars, c.apple) if c.apple else c.sidecars:
        try:
            times.append(os.stat(s, follow_symlinks=False).st_mtime_ns)
        except OSError:
            continue
    return max(times)


def read_candidate(c: Candidate, st: os.stat_result, mtime_ns: int) -> Item | Skipped:
    """One file to an Item, or to a Skipped with its reason; never raises."""
    try:
        info = read_media(Path(c.path), st, [Path(s) for s in c.sidecars])
        if c.apple:
            info = enrich(info, read_sidecar(Path(c.apple)))
        content_hash = hash_file(c.path)
    except NotMedia as exc:
        return Skipped(c.path, str(exc))
    except PermissionError:
        return Skipped(c.path, "permission denied")
    except OSError as exc:
        return Skipped(c.path, f"could not be read: {exc.strerror or exc}")
    except Exception as exc:  # a library failing on one odd file must not stop the import
        return Skipped(c.path, f"could not be read: {type(exc).__name__}: {exc}")
    described = {f.name: getattr(info, f.name) for f in fields(info)}
    return Item(
        source="folder",
        uri=c.path,
        content_hash=content_hash,
        albums=[c.album] if c.album else [],
        size=st.st_size,
        mtime_ns=mtime_ns,
        **described,
    )


def _read_job(job: tuple[Candidate, os.stat_result, int]) -> Item | Skipped:
    return read_candidate(*job)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class FolderImporter:
    """Importer for a plain folder of photos and videos (Importer protocol, sources/base.py)."""

    name = "folder"

    def __init__(self, workers: int | None = None, min_parallel: int = 512) -> None:
        self.workers = workers or _cpus()
        self.min_parallel = min_parallel

    def detect(self, path: Path) -> bool:
        return Path(path).is_dir()

    def count(self, path: Path) -> int | None:
        return sum(1 for _ in walk(os.path.realpath(path)))

    def scan(self, path: Path, known: KnownFiles) -> Iterator[Found]:
        root = os.path.realpath(path)
        found: list[Found | tuple[Candidate, os.stat_result, int]] = []
        for entry in walk(root):
            found.append(entry if isinstance(entry, Skipped) else self._check(entry, known))
        jobs = [f for f in found if isinstance(f, tuple)]
        results = self._read_all(jobs)
        for f in found:
            yield next(results) if isinstance(f, tuple) else f

    def _check(
        self, c: Candidate, known: KnownFiles
    ) -> Found | tuple[Candidate, os.stat_result, int]:
        try:
            st = os.stat(c.path, follow_symlinks=False)
        except OSError as exc:
            return Skipped(c.path, f"could not be read: {exc.strerror or exc}")
        if not stat.S_ISREG(st.st_mode):
            return Skipped(c.path, "not a regular file")
        mtime_ns = _mtime_ns(c, st)
        if known.unchanged(c.path, st.st_size, mtime_ns):
            return Unchanged(c.path)
        return c, st, mtime_ns

    def _read_all(self, jobs: list[tuple[Candidate, os.stat_result, int]]) -> Iterator[Found]:
        if self.workers < 2 or len(jobs) < self.min_parallel:
            yield from map(_read_job, jobs)
            return
        done = 0
        while done < len(jobs):
            try:
                for found in _read_in_pool(jobs[done:], self.workers):
                    yield found
                    done += 1
            except BrokenProcessPool:
                yield _read_alone(jobs[done])
                done += 1


def _read_in_pool(
    jobs: list[tuple[Candidate, os.stat_result, int]], workers: int
) -> Iterator[Found]:
    # fork: workers start at once with the readers already imported, and unlike spawn or
    # forkserver they do not re-run a caller's __main__; they touch no inherited locks.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        chunk = max(1, min(_CHUNK, len(jobs) // (workers * 8)))
        yield from pool.map(_read_job, jobs, chunksize=chunk)


def _read_alone(job: tuple[Candidate, os.stat_result, int]) -> Found:
    """A reader process died (an image library crashed on a file, or the system ended it
    for memory): the first file not yet read is read again in a process of its own, and
    skipped only if that one dies too. The scan then goes on with a new pool."""
    try:
        (found,) = _read_in_pool([job], 1)
    except BrokenProcessPool:
        return Skipped(
            job[0].path, "its reader stopped while reading it (a crash or lack of memory)"
        )
    return found
