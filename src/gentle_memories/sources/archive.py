"""Zip archives read in place: one member at a time, never all extracted, never trusted.

Services hand out zips (Takeout in 2 GB-50 GB parts named takeout-...-001.zip, -002.zip,
with a photo in one part and its sidecar in the next, as immich-go and
GooglePhotosTakeoutHelper document), so the parts of a split archive are read as one
tree: naming any part, or the folder that holds them, reads them all.

Nothing in a zip is trusted. A member whose name would lead outside the archive when
unpacked (zip-slip: an absolute path, "..", a drive letter) is refused on its own, with a
reason. An archive that declares more than it could honestly hold (a zip bomb: a member
or the whole expanding by more than MAX_RATIO, more than MAX_TOTAL bytes in all, more
than MAX_MEMBERS files) is refused whole with ArchiveError before anything is read;
zipfile never returns more than a member's declared size, so the declaration is a bound.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from gentle_memories.items import zip_uri
from gentle_memories.sources.base import Skipped
from gentle_memories.sources.tree import Entry

MAX_RATIO = 200
RATIO_FLOOR = 8 << 20  # small members (JSON) may compress well; ratios count above this size
MAX_TOTAL = 4 << 40  # 4 TiB: far beyond any real export, far below a bomb's petabytes
MAX_MEMBERS = 2_000_000

_PART = re.compile(r"^(?P<stem>.+?)[-_ ](?P<n>\d{1,4})\.zip$", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveError(ValueError):
    """An archive refused whole; the message is one line that says why."""


@dataclass(frozen=True)
class Limits:
    max_ratio: float = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR
    max_total: int = MAX_TOTAL
    max_members: int = MAX_MEMBERS


def is_zip(path: Path) -> bool:
    return path.is_file() and zipfile.is_zipfile(path)


def split_parts(path: Path) -> list[Path]:
    """The parts of a split archive that `path` belongs to (itself alone when not split)."""
    path = Path(os.path.abspath(path))
    m = _PART.match(path.name)
    if not m:
        return [path]
    siblings = []
    for other in sorted(path.parent.iterdir()):
        o = _PART.match(other.name)
        if o and o["stem"] == m["stem"] and len(o["n"]) == len(m["n"]) and other.is_file():
            siblings.append(other)
    return siblings or [path]


def zips_in(folder: Path) -> list[Path] | None:
    """The zips of a folder that holds nothing but zips (downloaded parts), else None."""
    try:
        children = [c for c in sorted(folder.iterdir()) if not c.name.startswith(".")]
    except OSError:
        return None
    if children and all(c.is_file() and c.suffix.lower() == ".zip" for c in children):
        return children
    return None


def unsafe_name(name: str) -> str:
    """Why a member's name must not be followed, or "" when it stays inside the archive."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "its path is absolute"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return 'its path climbs out with ".."'
    if "\x00" in name:
        return "its name holds a NUL byte"
    return ""


def check_bomb(label: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse an archive whose declared sizes are those of a zip bomb."""
    if len(infos) > limits.max_members:
        raise ArchiveError(
            f"{label}: refused, it holds {len(infos):,} files (more than {limits.max_members:,})"
            " - a zip bomb or not an export"
        )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_total:
        raise ArchiveError(
            f"{label}: refused as a zip bomb, it would unpack to {total:,} bytes"
            f" (more than the limit of {limits.max_total:,})"
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise ArchiveError(
                f"{label}: refused as a zip bomb, {i.filename!r} would expand {ratio:,.0f} times"
                f" to {i.file_size:,} bytes (the limit is {limits.max_ratio:,.0f} times)"
            )
    if total > limits.ratio_floor and total / packed > limits.max_ratio:
        raise ArchiveError(
            f"{label}: refused as a zip bomb, it would expand {total / packed:,.0f} times"
            f" (the limit is {limits.max_ratio:,.0f} times)"
        )


@lru_cache(maxsize=32)
def _listing(path: str, size: int, mtime_ns: int) -> tuple[zipfile.ZipInfo, ...]:
    with zipfile.ZipFile(path) as zf:
        return tuple(zf.infolist())


def listing(path: Path) -> list[zipfile.ZipInfo]:
    """The members of one zip, as its central directory declares them (cached while unchanged).

    ArchiveError when the file is no readable zip (truncated, damaged)."""
    try:
        st = path.stat()
        return list(_listing(str(path), st.st_size, st.st_mtime_ns))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,  # a version or compression this Python cannot read
    ) as exc:
        raise ArchiveError(f"{path}: not a readable zip archive ({exc})") from exc


def member_names(paths: list[Path]) -> list[str]:
    """Every safe member name of the readable parts: enough to recognise the export."""
    names = []
    for p in paths:
        try:
            names += [i.filename for i in listing(p) if not i.is_dir()]
        except ArchiveError:
            continue
    return [n for n in names if not unsafe_name(n)]


@dataclass
class ZipTree:
    """Several zip parts read as one tree (the Tree protocol of sources/tree.py)."""

    parts: list[Path]
    limits: Limits = field(default_factory=Limits)
    label: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)
    refused: list[Skipped] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.label = self.label or str(self.parts[0])
        self._where: dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]] = {}
        self._part_of: dict[str, Path] = {}
        self._open: list[zipfile.ZipFile] = []
        readable = []
        for part in self.parts:
            try:
                infos = listing(part)
            except ArchiveError as exc:
                if len(self.parts) == 1:
                    raise
                self.refused.append(Skipped(str(part), str(exc).split(": ", 1)[1]))
                continue
            readable.append((part, infos))
        check_bomb(self.label, [i for _, infos in readable for i in infos], self.limits)
        for part, infos in readable:
            zf = zipfile.ZipFile(part)
            self._open.append(zf)
            mtime_ns = part.stat().st_mtime_ns
            for info in infos:
                self._add(part, zf, info, mtime_ns)

    def _add(self, part: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, mtime_ns: int) -> None:
        if info.is_dir():
            return
        uri = zip_uri(part, info.filename)
        problem = unsafe_name(info.filename)
        if problem:
            self.refused.append(Skipped(uri, f"refused (zip-slip): {problem}"))
        elif info.flag_bits & 0x1:
            self.refused.append(Skipped(uri, "encrypted inside the zip; cannot be read"))
        elif info.filename not in self._where:
            name = info.filename.replace("\\", "/")
            self._where[name] = (zf, info)
            self._part_of[name] = part
            # the part's mtime, not the member's: an unchanged zip means unchanged members
            self.entries[name] = Entry(name, info.file_size, mtime_ns)

    def open(self, name: str) -> BinaryIO:
        zf, info = self._where[name]
        try:
            return zf.open(info)
        except (zipfile.BadZipFile, NotImplementedError) as exc:  # a damaged member header
            raise ArchiveError(f"{self.uri(name)}: damaged inside the zip ({exc})") from exc

    def uri(self, name: str) -> str:
        return zip_uri(self._part_of[name], name)

    def disk_path(self, name: str) -> Path | None:
        return None

    def close(self) -> None:
        for zf in self._open:
            zf.close()
