"""The Immich server and API key a library reads from, kept as a secret in the library home."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gentle_memories import secrets
from gentle_memories.library import LibraryError
from gentle_memories.sources.immich.api import OLDEST, Immich, ImmichError, normal_url

FILE_NAME = "immich.json"


@dataclass(frozen=True)
class Connected:
    url: str
    user: str
    version: tuple[int, int, int]


def path(home: Path) -> Path:
    return Path(home) / FILE_NAME


def mask(key: str) -> str:
    """Enough of a key to tell two apart, never enough to use."""
    return f"****{key[-4:]}" if len(key) >= 12 else "****"


def connect(home: Path, url: str, key: str, user: str | None = None) -> Connected:
    """Check the key against the server and keep both; nothing is kept when the check fails.

    `user`: the household's user whose memories go to this Immich account."""
    key = key.strip()
    if not key or any(c.isspace() for c in key):
        raise ValueError(
            "an Immich API key is one word without spaces (Account settings → API keys)"
        )
    immich = Immich(normal_url(url), key)
    version = immich.version()
    if version < OLDEST:
        raise ImmichError(
            f"Immich at {immich.url} is v{'.'.join(map(str, version))}; "
            f"Gentle Memories needs v{'.'.join(map(str, OLDEST))} or newer"
        )
    account = immich.me()
    secrets.write(path(home), {"url": immich.url, "key": key, "user": user})
    return Connected(immich.url, account.get("name") or account.get("email", ""), version)


def connected(home: Path) -> Immich | None:
    """The server this library reads from, None when none is connected."""
    data = secrets.read(path(home), "the Immich connection")
    if data is None:
        return None
    if not isinstance(data.get("url"), str) or not isinstance(data.get("key"), str):
        raise LibraryError(f"the Immich connection file {path(home)} is not as expected")
    return Immich(data["url"], data["key"])


def published_for(home: Path) -> str | None:
    """The household's user whose memories are written into the connected account."""
    return (secrets.read(path(home), "the Immich connection") or {}).get("user")


def key_of(home: Path) -> str:
    data = secrets.read(path(home), "the Immich connection") or {}
    return mask(str(data.get("key", "")))


def disconnect(home: Path) -> bool:
    """Forget the server and key; the items read from it stay in the library."""
    try:
        path(home).unlink()
    except FileNotFoundError:
        return False
    return True
