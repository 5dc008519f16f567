"""Where a user's notifications go: Apprise URLs, kept as a secret in the library home
(secrets.py), one file per user."""

from __future__ import annotations

from pathlib import Path

from gentle_memories import secrets
from gentle_memories.library import Library, LibraryError

FILE_NAME = "notify-targets.json"


def path(library: Library) -> Path:
    """The first user's file keeps the name it had before there were users."""
    user = library.user.id
    return Path(library.home) / (FILE_NAME if user == 1 else f"notify-targets-{user}.json")


def mask(url: str) -> str:
    """Only the kind of service: `ntfy://****`. The rest may be a token."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://****" if sep and scheme.isalnum() else "****"


def load(library: Library) -> list[str]:
    """The targets, in the order they were added."""
    data = secrets.read(path(library), "the notification targets") or {"targets": []}
    urls = data.get("targets")
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise LibraryError(f"the notification targets file {path(library)} is not as expected")
    return urls


def save(library: Library, urls: list[str]) -> None:
    secrets.write(path(library), {"targets": urls})


def add(library: Library, url: str) -> int:
    """Add a target Apprise understands; returns its number (1-based)."""
    from gentle_memories.deliver.notify.send import understood

    url = url.strip()
    if not understood(url):
        raise ValueError(f"{mask(url)} is not a notification address Apprise understands")
    urls = load(library)
    if url in urls:
        raise ValueError(f"that target is already number {urls.index(url) + 1}")
    save(library, [*urls, url])
    return len(urls) + 1


def remove(library: Library, number: int) -> str:
    """Remove target `number` (1-based); returns it masked."""
    urls = load(library)
    if not 1 <= number <= len(urls):
        raise ValueError(f"there is no target {number}")
    gone = urls.pop(number - 1)
    save(library, urls)
    return mask(gone)
