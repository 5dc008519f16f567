"""Pictures for the page: made once per item and size, kept under the library home.

Browsers cannot show HEIC or camera RAW files, and a phone on the home network should
not fetch a 30 MB original to fill a card; so every picture the page shows is a JPEG
made here. HEIC opens through pillow-heif; a RAW file shows the largest JPEG preview
its camera embedded; a video shows the poster frame taken at import (posters.py). The
cache name carries the content hash, so a photo edited in place gets a fresh picture
while its item (and its rules) stay the same.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from gentle_memories.items import StoredItem, read_item_bytes
from gentle_memories.posters import CACHE_DIR, poster_path, save_jpeg
from gentle_memories.sources.immich.assets import asset_id

SIZES = {"thumb": 480, "large": 1600}
RAW_SUFFIXES = frozenset(
    [
        ".3fr",
        ".arw",
        ".cr2",
        ".cr3",
        ".dcr",
        ".dng",
        ".erf",
        ".iiq",
        ".kdc",
        ".mrw",
        ".nef",
        ".nrw",
        ".orf",
        ".pef",
        ".raf",
        ".rw2",
        ".rwl",
        ".sr2",
        ".srf",
        ".srw",
        ".x3f",
    ]
)
MAX_PREVIEWS_TRIED = 40
MAX_SOURCE_BYTES = 512 * 1024 * 1024
_heif_ready = threading.Lock()
_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    with _heif_ready:
        if not _heif_registered:
            from pillow_heif import register_heif_opener

            register_heif_opener()
            _heif_registered = True


def cached_path(home: Path, item: StoredItem, size: str) -> Path:
    return home / CACHE_DIR / size / item.id[:2] / f"{item.id}-{item.content_hash[:12]}.jpg"


def picture(home: Path, item: StoredItem, size: str) -> Path | None:
    """The JPEG for an item at a size, made on first use; None when it has no picture."""
    dest = cached_path(home, item, size)
    if dest.exists():
        return dest
    if asset_id(item.uri):
        image = _from_immich(home, item.uri)
    else:
        image = _poster(home, item) if item.kind == "video" else _open(item.uri)
    if image is None:
        return None
    edge = SIZES[size]
    image.thumbnail((edge, edge))
    return save_jpeg(image, dest)


def has_poster(home: Path, item: StoredItem) -> bool:
    return poster_path(home, item.id, item.content_hash).is_file()


def _poster(home: Path, item: StoredItem) -> Image.Image | None:
    if not has_poster(home, item):
        return None
    return _decoded(io.BytesIO(poster_path(home, item.id, item.content_hash).read_bytes()))


def _from_immich(home: Path, uri: str) -> Image.Image | None:
    """Immich's preview, fetched here with the key kept here: the browser sees neither
    the key nor Immich's address, only this server's picture."""
    from gentle_memories.sources.immich.account import connected
    from gentle_memories.sources.immich.api import ImmichError

    immich = connected(home)
    if immich is None:
        return None
    try:
        data, _ = immich.thumbnail(asset_id(uri))
    except ImmichError:
        return None
    return _decoded(io.BytesIO(data))


def _open(uri: str) -> Image.Image | None:
    found = read_item_bytes(uri, MAX_SOURCE_BYTES)
    if found is None:
        return None
    data, name = found
    suffix = Path(name).suffix.lower()
    if suffix in RAW_SUFFIXES:
        return _embedded_preview(data) or _decoded(io.BytesIO(data))
    if suffix in (".heic", ".heif", ".hif", ".avif"):
        _register_heif()
    return _decoded(io.BytesIO(data))


def _decoded(source: io.BytesIO) -> Image.Image | None:
    try:
        with Image.open(source) as image:
            image.draft("RGB", (SIZES["large"], SIZES["large"]))
            return ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None


def _embedded_preview(data: bytes) -> Image.Image | None:
    """The largest JPEG a camera embedded in its RAW file."""
    best: tuple[int, int] | None = None
    start = data.find(b"\xff\xd8\xff")
    tried = 0
    while start != -1 and tried < MAX_PREVIEWS_TRIED:
        tried += 1
        try:
            with Image.open(io.BytesIO(data[start:])) as candidate:
                pixels = candidate.width * candidate.height
            if best is None or pixels > best[1]:
                best = (start, pixels)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            pass
        start = data.find(b"\xff\xd8\xff", start + 3)
    return _decoded(io.BytesIO(data[best[0] :])) if best else None
