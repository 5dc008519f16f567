"""Where notifications go: Apprise URLs, kept as a secret in the library home (secrets.py)."""

from __future__ import annotations

from pathlib import Path

from gentle_memories import secrets
from gentle_memories.library import LibraryError

FILE_NAME = "notify-targets.json"


def path(home: Path) -> Path:
    return Path(home) / FILE_NAME


def mask(url: str) -> str:
    """Only the kind of service: `ntfy://****`. The rest may be a token."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://****" if sep and scheme.isalnum() else "****"


def load(home: Path) -> list[str]:
    """The targets, in the order they were added."""
    data = secrets.read(path(home), "the notification targets") or {"targets": []}
    urls = data.get("targets")
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise LibraryError(f"the notification targets file {path(home)} is not as expected")
    return urls


def save(home: Path, urls: list[str]) -> None:
    secrets.write(path(home), {"targets": urls})


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
