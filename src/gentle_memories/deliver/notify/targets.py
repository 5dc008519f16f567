"""Where notifications go: Apprise URLs kept in one file in the library home, mode 0600.

They hold tokens and passwords, so they stay out of the database (which gets copied
into backups and shared for bug reports) and are only ever shown masked.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from gentle_memories.library import LibraryError

FILE_NAME = "notify-targets.json"
PRIVATE = 0o600


def path(home: Path) -> Path:
    return Path(home) / FILE_NAME


def mask(url: str) -> str:
    """Only the kind of service: `ntfy://****`. The rest may be a token."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://****" if sep and scheme.isalnum() else "****"


def load(home: Path) -> list[str]:
    """The targets, in the order they were added; tightens a file someone made readable."""
    file = path(home)
    try:
        if stat.S_IMODE(file.stat().st_mode) != PRIVATE:
            file.chmod(PRIVATE)
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as err:
        raise LibraryError(f"cannot read the notification targets in {file}: {err}") from None
    urls = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise LibraryError(f"the notification targets file {file} is not as expected")
    return urls


def save(home: Path, urls: list[str]) -> None:
    """Write through a private temporary file and rename, so no moment leaves it readable."""
    file = path(home)
    temporary = file.with_name(f".{FILE_NAME}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"targets": urls}, out, indent=2)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, file)


def add(home: Path, url: str) -> int:
    """Add a target Apprise understands; returns its number (1-based)."""
    from gentle_memories.deliver.notify.send import understood

    url = url.strip()
    if not understood(url):
        raise ValueError(f"{mask(url)} is not a notification address Apprise understands")
    urls = load(home)
    if url in urls:
        raise ValueError(f"that target is already number {urls.index(url) + 1}")
    save(home, [*urls, url])
    return len(urls) + 1


def remove(home: Path, number: int) -> str:
    """Remove target `number` (1-based); returns it masked."""
    urls = load(home)
    if not 1 <= number <= len(urls):
        raise ValueError(f"there is no target {number}")
    gone = urls.pop(number - 1)
    save(home, urls)
    return mask(gone)
