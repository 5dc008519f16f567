"""The photo folder: every photo and video under a directory, read in parallel, never written.

Hidden and system folders (.git, .thumbnails, .trashed-*, @eaDir, $RECYCLE.BIN) are not
walked; links are not followed, so nothing outside the folder is read; XMP sidecars
enrich their photo and are no items of their own.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from itertools import chain, islice
from pathlib import Path

from gentle_memories.items import Item, display_path, hash_file
from gentle_memories.sources.base import Found, KnownFiles, Skipped, Unchanged
from gentle_memories.sources.media import NotMedia, read_media
from gentle_memories.sources.osxphotos import enrich, read_sidecar, sidecar_names

_SYSTEM_DIRS = {"$recycle.bin", "system volume information", "lost+found", "#recycle", "#snapshot"}
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
_SIDECAR = ".xmp"
_APPLE_SIDECAR = ".json"
_CHUNK = 8
"""Files a reader process is handed at a time."""
AHEAD = 1024
"""Entries a parallel scan holds at most, read or waiting to be yielded: two batches, so
that the readers go on while a batch is saved."""
HELD = 4096
"""Entries a scan holds at most while it counts whether enough need reading for a pool."""


@dataclass(frozen=True)
class Candidate:
    """A file to read: its path, album (folder relative to the root) and sidecars."""

    path: str
    album: str
    sidecars: tuple[str, ...] = ()
    apple: str = ""


Job = tuple[Candidate, os.stat_result, int]
"""A file to read, with its stat and the newest mtime of it and its sidecars."""


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
        beside = {*sidecars.values(), *apple.values()}
        claimed: set[str] = set()
        album = _album(root, directory)
        subdirs = []
        for e in entries:
            if e.is_symlink():
                yield Skipped(e.path, _link_reason(root, e))
            elif e.is_dir(follow_symlinks=False):
                subdirs.append(e.path)
            elif e.path in beside:
                continue
            elif not e.is_file(follow_symlinks=False):
                yield Skipped(e.path, "not a regular file")
            else:
                own = _sidecars_of(e.name, sidecars) if sidecars else ()
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


def _read_job(job: Job) -> Item | Skipped:
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
        """Found in walk order, as the walk goes: a folder of a million files is never
        held at once. Files are read here until min_parallel need reading, by a pool of
        reader processes from then on."""
        root = os.path.realpath(path)
        checked = (e if isinstance(e, Skipped) else self._check(e, known) for e in walk(root))
        ahead: list[Found | Job] = []
        jobs = 0
        for entry in checked:
            ahead.append(entry)
            jobs += isinstance(entry, tuple)
            if self.workers >= 2 and jobs >= self.min_parallel:
                yield from _read_in_pool(chain(ahead, checked), self.workers)
                return
            if len(ahead) >= HELD:
                yield from _read_here(ahead)
                ahead = []
        yield from _read_here(ahead)

    def _check(self, c: Candidate, known: KnownFiles) -> Found | Job:
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


def _read_here(entries: list[Found | Job]) -> Iterator[Found]:
    return (_read_job(e) if isinstance(e, tuple) else e for e in entries)


def _read_in_pool(entries: Iterator[Found | Job], workers: int) -> Iterator[Found]:
    """Each job read by a pool of worker processes, a few at a time, and everything
    yielded in its order, with at most AHEAD entries waiting. A reader process that dies
    (an image library crashing on a file, or the system ending it for memory) takes the
    pool with it: the first job not yet read is then read again in a process of its own,
    and skipped only if that one dies too, and the rest go to a new pool."""
    waiting: deque[tuple[list, Future | None]] = deque()
    held = 0
    pool = _pool(workers)
    try:
        while True:
            jobs: list[Job] = []
            for entry in islice(entries, AHEAD - held):
                held += 1
                if isinstance(entry, tuple):
                    jobs.append(entry)
                    if len(jobs) < _CHUNK:
                        continue
                if jobs:
                    waiting.append((jobs, _submit(pool, jobs)))
                    jobs = []
                if not isinstance(entry, tuple):
                    waiting.append(([entry], None))
            if jobs:
                waiting.append((jobs, _submit(pool, jobs)))
            if not waiting:
                return
            group, future = waiting.popleft()
            held -= len(group)
            if future is None:
                yield from group
                continue
            try:
                yield from future.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                yield _read_alone(group[0])
                pool = _pool(workers)
                waiting = deque((g, None if f is None else _submit(pool, g)) for g, f in waiting)
                if len(group) > 1:
                    waiting.appendleft((group[1:], _submit(pool, group[1:])))
                    held += len(group) - 1
    finally:
        pool.shutdown(cancel_futures=True)


def _read_jobs(jobs: list[Job]) -> list[Item | Skipped]:
    return [read_candidate(*job) for job in jobs]


def _submit(pool: ProcessPoolExecutor, jobs: list[Job]) -> Future:
    """The jobs' reads; a pool that broke since is told where their results are asked for."""
    try:
        return pool.submit(_read_jobs, jobs)
    except BrokenProcessPool as broken:
        failed: Future = Future()
        failed.set_exception(broken)
        return failed


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork: workers start at once with the readers already imported, and unlike spawn or
    # forkserver they do not re-run a caller's __main__; they touch no inherited locks.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(workers, mp_context=context)


def _read_alone(job: Job) -> Found:
    pool = _pool(1)
    try:
        return pool.submit(_read_job, job).result()
    except BrokenProcessPool:
        return Skipped(
            job[0].path, "its reader stopped while reading it (a crash or lack of memory)"
        )
    finally:
        pool.shutdown()
