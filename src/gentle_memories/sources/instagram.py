"""Instagram's "Download your information" in JSON: posts, stories, reels, archived posts.

Where the files are (by export year): content/ (until 2022),
your_instagram_activity/content/ (2023), your_instagram_activity/media/ (2024 on);
the export may sit inside one wrapping folder. Media uris are relative to the export
root ("media/posts/201906/123_n.jpg"), some without an extension.
- posts_N.json: a list of posts; a single-media post keeps its caption ("title") and
  time inside media[0], a carousel keeps them at the top.
- stories.json {"ig_stories"}, reels.json {"ig_reels_media"}, igtv_videos.json
  {"ig_igtv_media"}, other_content.json {"ig_other_media"}: each story or reel is one
  media record, or a group with "media".
- archived_posts.json {"ig_archived_post_media"}: posts the person took off their
  profile, as Takeout's archive: kept, never offered.
Shared Meta parsing (times, GPS, mojibake): sources/meta_export.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from gentle_memories.items import Kind
from gentle_memories.sources import meta_export as meta
from gentle_memories.sources.base import Found, KnownFiles, Skipped
from gentle_memories.sources.exported import (
    ExportImporter,
    Listing,
    MediaReader,
    Said,
    epoch,
    load_json,
)
from gentle_memories.sources.text import repair
from gentle_memories.sources.tree import Tree

_FOLDERS = r"(?P<root>(?:.*/)?)(?:content|your_instagram_activity/(?:content|media))/"
_FILE = re.compile(
    _FOLDERS + r"(?P<file>posts_\d+|stories|archived_posts|reels|igtv_videos|other_content)\.json$"
)
# file -> (keys that hold its list, album, kind of its items, offered)
_SECTIONS: dict[str, tuple[tuple[str, ...], str, Kind | None, bool]] = {
    "posts": ((), "Instagram posts", None, True),
    "stories": (("ig_stories",), "Instagram stories", "story", True),
    "archived_posts": (("ig_archived_post_media",), "Instagram archived posts", None, False),
    "reels": (("ig_reels_media",), "Instagram reels", None, True),
    "igtv_videos": (("ig_igtv_media",), "Instagram IGTV", None, True),
    "other_content": (("ig_other_media",), "Instagram", None, True),
}


def _post(group: dict[str, Any], album: str, kind: Kind | None, offered: bool) -> Said:
    """What a post (or story) says as a whole: for one media, it lives in media[0]."""
    media = meta.records(group.get("media"))
    first = media[0] if media else group
    notes: list[str] = []
    when = epoch(
        group.get("creation_timestamp") or first.get("creation_timestamp"), "post time", notes
    )
    caption = repair(group.get("title")) or next(
        (t for m in media if (t := repair(m.get("title")))), ""
    )
    if not offered:
        notes.append("archived on Instagram: kept, never offered")
    return Said(
        posted=when,
        posted_label="Instagram post time",
        caption=caption,
        albums=[album],
        offered=offered,
        kind=kind,
        notes=notes,
    )


def _media_said(post: Said, record: dict[str, Any]) -> Said:
    notes = list(post.notes)
    taken, label = meta.capture(record, notes)
    own_time = epoch(record.get("creation_timestamp"), "media time", notes)
    return replace(
        post,
        taken=taken,
        taken_label=label,
        posted=own_time or post.posted,
        caption=post.caption or repair(record.get("title")),
        place=meta.gps(record),
        notes=notes,
    )


class InstagramImporter(ExportImporter):
    name = "instagram"

    def looks_like(self, listing: Listing) -> bool:
        return any(_FILE.fullmatch(n) for n in listing.names)

    def scan_tree(self, tree: Tree, known: KnownFiles) -> Iterator[Found]:
        reader = MediaReader(tree)
        try:
            for name in sorted(tree.entries):
                m = _FILE.fullmatch(name)
                if m:
                    section = "posts" if m["file"].startswith("posts_") else m["file"]
                    yield from self._read_file(tree, reader, known, name, m["root"], section)
        finally:
            reader.close()

    def _read_file(
        self, tree: Tree, reader: MediaReader, known: KnownFiles, name: str, root: str, section: str
    ) -> Iterator[Found]:
        data = load_json(tree, name)
        if isinstance(data, Skipped):
            yield data
            return
        keys, album, kind, offered = _SECTIONS[section]
        for i, group in enumerate(meta.records(data, *keys)):
            post = _post(group, album, kind, offered)
            media = meta.records(group.get("media")) or ([group] if group.get("uri") else [])
            key = f"{section}-{int(post.posted.timestamp()) if post.posted else i}"
            pairs = [(r, _media_said(post, r)) for r in media]
            yield from meta.emit(self.name, tree, reader, known, root, name, key, post, pairs)
