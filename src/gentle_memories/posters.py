"""One still frame of each video, taken at import and kept under the library home.

A <video> with preload="none" shows an empty box until it plays; the frame gives it a
face on the card and in the story viewer without fetching the video. The decoder is
PyAV, whose wheel carries its own FFmpeg, so nothing has to be installed beside it.
A frame about a second in is taken, as a first frame is often black.
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

from PIL import Image

from gentle_memories.items import ZIP_PREFIX, read_item_bytes

CACHE_DIR = "thumbnails"
"""The folder under the library home that holds every picture made for the page."""
EDGE = 1600
SECONDS_IN = 1.0
MAX_FRAMES = 240
MAX_ZIPPED_BYTES = 512 * 1024 * 1024


class NoPoster(Exception):
    """A video whose frame could not be taken; str() is a one-line reason."""


def poster_path(home: Path, item_id: str, content_hash: str) -> Path:
    return home / CACHE_DIR / "poster" / item_id[:2] / f"{item_id}-{content_hash[:12]}.jpg"


def make_poster(home: Path, item_id: str, uri: str, content_hash: str) -> Path:
    """The poster JPEG of a video, made unless it is there already; NoPoster if it cannot be."""
    dest = poster_path(home, item_id, content_hash)
    if dest.is_file():
        return dest
    image = _frame(uri)
    image.thumbnail((EDGE, EDGE))
    return save_jpeg(image, dest)


def save_jpeg(image: Image.Image, dest: Path) -> Path:
    """Written whole or not at all: a reader never sees half a file, and two writers at
    once each write their own part."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f"{dest.name}.{os.getpid()}-{threading.get_ident()}.part")
    image.save(partial, "JPEG", quality=82, optimize=True)
    os.replace(partial, dest)
    return dest


def _frame(uri: str) -> Image.Image:
    import av

    source: str | io.BytesIO = uri
    if uri.startswith(ZIP_PREFIX):
        found = read_item_bytes(uri, MAX_ZIPPED_BYTES)
        if found is None:
            raise NoPoster("the video could not be read from its archive")
        source = io.BytesIO(found[0])
    chosen = None
    try:
        with av.open(source) as container:
            if not container.streams.video:
                raise NoPoster("the file holds no video stream")
            stream = container.streams.video[0]
            for count, frame in enumerate(container.decode(stream)):
                chosen = frame
                if count >= MAX_FRAMES or (frame.time or 0) >= SECONDS_IN:
                    break
            if chosen is None:
                raise NoPoster("no frame of the video could be decoded")
            image = chosen.to_image()
            rotation = chosen.rotation
    except av.FFmpegError as exc:
        if chosen is None:
            raise NoPoster(f"the video could not be decoded ({exc.strerror or exc})") from exc
        image, rotation = chosen.to_image(), chosen.rotation
    except (OSError, ValueError) as exc:
        raise NoPoster(f"the video could not be read ({exc})") from exc
    return image.rotate(rotation, expand=True) if rotation else image
