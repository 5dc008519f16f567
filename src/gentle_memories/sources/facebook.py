"""Facebook's "Download your information" in JSON: posts, albums, photos and videos.

The folders moved over the years: posts/ and photos_and_videos/ (until 2021),
your_activity_across_facebook/posts/ (2022), your_facebook_activity/posts/ (2023 on);
media uris are relative to the export root in every layout.
- your_posts_N.json (2024 on: your_posts__check_ins__photos_and_videos_N.json): a list of
  {"timestamp", "title", "data": [{"post"}], "tags": [{"name"}], "attachments":
  [{"data": [{"media"} | {"place"} | {"life_event"} | {"external_context"}]}]}.
- album/N.json: {"name", "description", "photos": [media]}; your_uncategorized_photos.json
  {"other_photos_v2"}, your_videos.json {"videos_v2"}.
A media file in a post and in an album is one item with both its post's words and its
album; its capture time is Facebook's taken_timestamp over its upload time. A life event
("Lost a loved one") is dated at its own day. Posts without media are post items.
Shared Meta parsing (times, GPS, mojibake): sources/meta_export.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from gentle_memories.sources import meta_export as meta
from gentle_memories.sources.base import Found, KnownFiles, Skipped
from gentle_memories.sources.exported import (
    ExportImporter,
    Listing,
    MediaReader,
    Said,
    coordinates,
    epoch,
    find_media,
    load_json,
    make_place,
    media_item,
    obj,
    seq,
)
from gentle_memories.sources.text import join_text, repair
from gentle_memories.sources.tree import Tree

_ROOT = r"(?P<root>(?:.*/)?)(?:your_facebook_activity/|your_activity_across_facebook/)?"
_POSTS = re.compile(_ROOT + r"posts/your_posts(?:__check_ins__photos_and_videos)?_\d+\.json$")
_ALBUM = re.compile(_ROOT + r"(?:posts|photos_and_videos)/album/\d+\.json$")
_LOOSE = re.compile(
    _ROOT + r"(?:posts|photos_and_videos)/(?P<file>your_uncategorized_photos|your_videos)\.json$"
)


@dataclass
class _Media:
    """Everything the export says about one media file, from every JSON that names it."""

    record: dict[str, Any]
    said: Said
    albums: list[str] = field(default_factory=list)
    jsons: list[str] = field(default_factory=list)


def _post_said(post: dict[str, Any]) -> Said:
    notes: list[str] = []
    posted = epoch(post.get("timestamp"), "post time", notes)
    texts = [repair(d.get("post")) for d in seq(post.get("data")) if isinstance(d, dict)]
    people = [repair(t.get("name") if isinstance(t, dict) else t) for t in seq(post.get("tags"))]
    said = Said(
        posted=posted,
        posted_label="Facebook post time",
        caption=join_text(*texts),
        title=repair(post.get("title")),
        people=[p for p in people if p],
        notes=notes,
    )
    for item in _attachment_data(post):
        if isinstance(item.get("place"), dict):
            said.place = _place(item["place"])
        if isinstance(item.get("life_event"), dict):
            said = _life_event(said, item["life_event"])
    return said


def _attachment_data(post: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        d
        for a in seq(post.get("attachments"))
        if isinstance(a, dict)
        for d in seq(a.get("data"))
        if isinstance(d, dict)
    ]


def _place(place: dict[str, Any]) -> Any:
    c = obj(place.get("coordinate"))
    name = join_text(repair(place.get("name")), repair(place.get("address"))).replace("\n\n", ", ")
    return make_place(coordinates(c.get("latitude"), c.get("longitude")), name)


def _life_event(said: Said, event: dict[str, Any]) -> Said:
    title = repair(event.get("title"))
    start = event.get("start_date") or {}
    try:
        day = datetime(int(start["year"]), int(start["month"]), int(start["day"]))
    except (KeyError, TypeError, ValueError, OverflowError):  # no date, or none there is
        return replace(said, caption=join_text(title, said.caption))
    return replace(
        said,
        caption=join_text(title, said.caption),
        taken=day,
        taken_label="Facebook life event date",
        taken_has_time=False,
    )


def _media_said(base: Said, record: dict[str, Any]) -> Said:
    notes = list(base.notes)
    taken, label = meta.capture(record, notes)
    uploaded = epoch(record.get("creation_timestamp"), "upload time", notes)
    return replace(
        base,
        taken=taken or base.taken,
        taken_label=label or base.taken_label,
        posted=uploaded or base.posted,
        posted_label="Facebook upload time" if uploaded else base.posted_label,
        caption=join_text(base.caption, repair(record.get("description"))),
        title=repair(record.get("title")) or base.title,
        place=meta.gps(record) or base.place,
        notes=notes,
    )


class FacebookImporter(ExportImporter):
    name = "facebook"

    def looks_like(self, listing: Listing) -> bool:
        return any(_POSTS.fullmatch(n) or _ALBUM.fullmatch(n) for n in listing.names)

    def scan_tree(self, tree: Tree, known: KnownFiles) -> Iterator[Found]:
        media: dict[str, _Media] = {}
        missing: list[Skipped] = []
        reader = MediaReader(tree)
        try:
            for name in sorted(tree.entries):
                if m := _POSTS.fullmatch(name):
                    yield from self._posts(tree, reader, known, name, m["root"], media, missing)
                elif m := (_ALBUM.fullmatch(name) or _LOOSE.fullmatch(name)):
                    yield from self._album(tree, name, m["root"], media, missing)
            yield from missing
            for name, found in media.items():
                said = replace(found.said, albums=found.albums)
                yield media_item(self.name, tree, reader, name, said, known, found.jsons)
        finally:
            reader.close()

    def _posts(
        self,
        tree: Tree,
        reader: MediaReader,
        known: KnownFiles,
        name: str,
        root: str,
        media: dict[str, _Media],
        missing: list[Skipped],
    ) -> Iterator[Found]:
        data = load_json(tree, name)
        if isinstance(data, Skipped):
            yield data
            return
        seen: dict[str, int] = defaultdict(int)
        for post in meta.records(data, "status_updates"):
            said = _post_said(post)
            attached = _attachment_data(post)
            records = [d["media"] for d in attached if isinstance(d.get("media"), dict)]
            placed = _collect(tree, root, name, records, said, media, missing)
            key = str(post.get("timestamp") or "")
            seen[key] += 1
            key = f"post-{key}-{seen[key]}"
            if not placed:
                yield from meta.emit(self.name, tree, reader, known, root, name, key, said, [])

    def _album(
        self, tree: Tree, name: str, root: str, media: dict[str, _Media], missing: list[Skipped]
    ) -> Iterator[Found]:
        data = load_json(tree, name)
        if isinstance(data, Skipped):
            yield data
            return
        album = repair(data.get("name")) if isinstance(data, dict) else ""
        records = meta.records(data, "photos", "other_photos_v2", "videos_v2")
        said = Said(caption="", albums=[album] if album else [])
        _collect(tree, root, name, records, said, media, missing)


def _collect(
    tree: Tree,
    root: str,
    json_name: str,
    records: list[dict[str, Any]],
    base: Said,
    media: dict[str, _Media],
    missing: list[Skipped],
) -> int:
    """Note what this JSON says about each media file it names; how many were found."""
    placed = 0
    for record in records:
        uri = str(record.get("uri") or "")
        name = find_media(tree, root, uri)
        if name is None:
            reason = "the export names this media file but it is not in the export"
            missing.append(Skipped(f"{tree.uri(json_name)}#{uri}", reason))
            continue
        placed += 1
        said = _media_said(base, record)
        found = media.get(name)
        if found is None:
            media[name] = _Media(record, said, list(base.albums), [json_name])
            continue
        found.albums += base.albums
        found.jsons.append(json_name)
        found.said = _merge(found.said, said)
    return placed


def _merge(first: Said, more: Said) -> Said:
    """One media file named by a post and an album: the words of both, the first times."""
    timed = first if first.taken else more
    return replace(
        first,
        taken=timed.taken,
        taken_label=timed.taken_label,
        taken_has_time=timed.taken_has_time,
        posted=first.posted or more.posted,
        caption=join_text(first.caption, more.caption),
        title=first.title or more.title,
        people=[*first.people, *more.people],
        place=first.place or more.place,
        notes=[*first.notes, *(n for n in more.notes if n not in first.notes)],
    )
