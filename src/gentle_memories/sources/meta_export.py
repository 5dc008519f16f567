"""What Facebook and Instagram downloads share: Meta writes both the same way.

Each media object is {"uri", "creation_timestamp", "title", "description",
"media_metadata": {"photo_metadata" | "video_metadata": {"exif_data": [...]}}}, with
the capture time as "taken_timestamp" (epoch, Facebook) or "date_time_original"
(EXIF text, Instagram) and GPS in the exif_data; text is UTF-8 written as \\u00XX escapes
(repaired by sources/text.py). Layouts as documented by the community's exporters
(Memoria's Instagram-Export-Format-Comparison.md, the Facebook posts parsers in
personal-timeline and Waultar).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from gentle_memories.items import Place
from gentle_memories.sources.base import Found, KnownFiles, Skipped
from gentle_memories.sources.capture_time import stamp as exif_stamp
from gentle_memories.sources.exported import (
    MediaReader,
    Said,
    coordinates,
    epoch,
    find_media,
    make_place,
    media_item,
    obj,
    seq,
    sound_local,
    stamp,
    text_item,
    unless_known,
)
from gentle_memories.sources.tree import Tree


def records(data: Any, *keys: str) -> list[dict[str, Any]]:
    """The list of records of a Meta JSON file: the file itself, or under one of its keys."""
    if isinstance(data, dict):
        data = next((data[k] for k in keys if isinstance(data.get(k), list)), [])
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _exif(media: dict[str, Any]) -> list[dict[str, Any]]:
    meta = obj(media.get("media_metadata"))
    found = []
    for kind in ("photo_metadata", "video_metadata"):
        block = obj(meta.get(kind))
        found.append(block)
        found += [e for e in seq(block.get("exif_data")) if isinstance(e, dict)]
    return found


def capture(media: dict[str, Any], notes: list[str]) -> tuple[datetime | None, str]:
    """The capture time Meta kept for a media file (not its upload time), and its label."""
    for e in _exif(media):
        if e.get("taken_timestamp"):
            when = epoch(e["taken_timestamp"], "taken_timestamp", notes)
            if when:
                return when, "Facebook taken_timestamp"
        original = exif_stamp("date_time_original", e.get("date_time_original"))
        if original and original.when and original.has_time:
            when = sound_local(original.when, "date_time_original", notes)
            if when:
                return when, "Instagram date_time_original"
    return None, ""


def gps(media: dict[str, Any]) -> Place | None:
    for e in _exif(media):
        coords = coordinates(e.get("latitude"), e.get("longitude"))
        if coords:
            return make_place(coords)
    return None


def emit(
    source: str,
    tree: Tree,
    reader: MediaReader,
    known: KnownFiles,
    base: str,
    json_name: str,
    key: str,
    post: Said,
    media: list[tuple[dict[str, Any], Said]],
) -> Iterator[Found]:
    """A post's media as items; its words as a post item when no media file is there.

    `post` says what the post says (time, text, people, place), each media's Said adds
    what that file's record says (its capture time, its own text)."""
    made = 0
    for record, said in media:
        uri = str(record.get("uri") or "")
        name = find_media(tree, base, uri)
        if name is None:
            reason = "the export names this media file but it is not in the export"
            yield Skipped(f"{tree.uri(json_name)}#{uri}", reason)
            continue
        made += 1
        yield media_item(source, tree, reader, name, said, known, [json_name])
    if not made and (post.caption or post.title or post.place):
        size, mtime_ns = stamp(tree, [json_name])
        made_text = text_item(source, f"{tree.uri(json_name)}#{key}", key, post, size, mtime_ns)
        yield unless_known(known, made_text)
