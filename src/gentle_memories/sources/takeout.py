"""Google Photos Takeout: the photos, and what Google kept beside them in JSON sidecars.

Layout and quirks as the community reverse-engineered them (GooglePhotosTakeoutHelper's
json_extractor.dart and extras.dart, immich-go's adapters/googlePhotos/matchers.go and
json.go, gphotos-321sync's Google_Takeout_Structure.md):
- Takeout/Google Photos/<year folder or album>/...; year folders carry translated names,
  so an album is recognised by its metadata.json (its "title"), never by a folder name.
- A sidecar per photo: name.ext.json, newer name.ext.supplemental-metadata.json, the whole
  name clipped to 46 characters (...jpg.suppl.json, ...jp.json, a clipped photo name
  with no extension left), the duplicate counter moved to the end (image(1).jpg ->
  image.jpg(1).json), edited copies (-edited and its translations) sharing the original's
  sidecar, "~2" copies falling back to the original's; an orphan sidecar is matched by the
  "title" it holds (the original file name).
- photoTakenTime / creationTime as epoch seconds in strings; geoData then geoDataExif,
  (0, 0) meaning none; people[].name; archived and trashed items are not offered.
- A Takeout's Calendar/*.ics are read as calendar entries too.
Precedence against the photo's own metadata: sources/exported.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from gentle_memories.sources import ics
from gentle_memories.sources.base import Found, KnownFiles, Skipped
from gentle_memories.sources.exported import (
    ExportImporter,
    Listing,
    MediaReader,
    Said,
    coordinates,
    epoch,
    load_json,
    make_place,
    media_item,
    obj,
    seq,
)
from gentle_memories.sources.text import repair
from gentle_memories.sources.tree import Tree

SUPPLEMENTAL = "supplemental-metadata"
CLIP = 46
EDITED_SUFFIXES = (
    "-edited", "-effects", "-smile", "-mix", "-edytowane", "-bearbeitet", "-bewerkt",
    "-編集済み", "-modificato", "-modifié", "-ha editado", "-editado", "-editat",
    "-отредактировано", "-已编辑", "-편집됨", "-düzenlendi", "-تم التعديل", "-संपादित",
    "-đã chỉnh sửa", "-แก้ไขแล้ว", "-diedit",
)  # fmt: skip
NOT_MEDIA = {".json", ".html", ".htm", ".csv", ".txt", ".ics", ".vcf", ".xmp"}
_COUNTER = re.compile(r"\((\d+)\)$")
_COUNTER_BEFORE_EXT = re.compile(r"\((\d+)\)(\.[^.]*)$")
_TILDE = re.compile(r"~\d+(\.[^.]*)$")


@dataclass
class Sidecar:
    name: str
    data: dict[str, Any]
    key: str  # the media name it was written for, clipped as Google clipped it
    counter: str  # "1" for "...(1).json", "" without


def sidecar_key(filename: str) -> tuple[str, str]:
    """(media name as written into the sidecar's name, duplicate counter) of a sidecar name."""
    base = unicodedata.normalize("NFC", filename[: -len(".json")])
    counter = ""
    m = _COUNTER.search(base)
    if m:
        counter, base = m[1], base[: m.start()]
    head, dot, last = base.rpartition(".")
    if dot and head and (last == "" or SUPPLEMENTAL.startswith(last)) and len(last) < 22:
        base = head
    return base, counter


def _split_counter(name: str) -> tuple[str, str]:
    m = _COUNTER_BEFORE_EXT.search(name)
    return (name[: m.start()] + m[2], m[1]) if m else (name, "")


def _stem_ext(name: str) -> tuple[str, str]:
    p = PurePosixPath(name)
    return (p.stem, p.suffix) if p.suffix else (name, "")


def _original_of_edited(name: str) -> str | None:
    """IMG_1-edited.jpg (or -bearbeitet, -modifié, ..., with a counter) -> IMG_1.jpg."""
    stem, ext = _stem_ext(_split_counter(name)[0])
    for suffix in EDITED_SUFFIXES:
        if stem.casefold().endswith(suffix):
            return stem[: -len(suffix)] + ext
    return None


def _matches(key: str, counter: str, media: str) -> bool:
    """Does a sidecar written for `key` (+counter) belong to the media file named `media`?"""
    if not counter and key == media:
        return True
    media_base, media_counter = _split_counter(media)
    if counter != media_counter:
        return False
    if key == media_base:
        return True
    full = media_base + "." + SUPPLEMENTAL
    if full.startswith(key) and len(key) >= min(CLIP, len(media_base)):
        return True
    return key == _stem_ext(media_base)[0]  # uploaded without an extension


def match_sidecars(media: list[str], sidecars: list[Sidecar]) -> dict[str, Sidecar]:
    """Media basename -> its sidecar, for one folder, by every naming quirk in the docstring."""
    found: dict[str, Sidecar] = {}
    for m in media:
        norm = unicodedata.normalize("NFC", m)
        tries = [norm]
        original = _original_of_edited(norm)
        if original:
            tries.append(original)
        if _TILDE.search(norm):
            tries.append(_TILDE.sub(r"\1", norm))
        for t in tries:
            hit = next((s for s in sidecars if _matches(s.key, s.counter, t)), None)
            if hit:
                found[m] = hit
                break
    used = {id(s) for s in found.values()}
    for s in sidecars:
        if id(s) in used:
            continue
        title = unicodedata.normalize("NFC", str(s.data.get("title") or ""))
        hit = _by_title(title, [m for m in media if m not in found])
        if hit:
            found[hit] = s
    return found


def _by_title(title: str, unmatched: list[str]) -> str | None:
    """An orphan sidecar's photo, from the original file name it holds."""
    if not title:
        return None
    for m in unmatched:
        if unicodedata.normalize("NFC", m) == title:
            return m
    stem = _stem_ext(title)[0]
    prefix = [m for m in unmatched if len(stem) >= 20 and m.startswith(stem[:20])]
    return prefix[0] if len(prefix) == 1 else None


def said_by(data: dict[str, Any], albums: list[str]) -> Said:
    notes: list[str] = []
    taken = epoch(obj(data.get("photoTakenTime")).get("timestamp"), "photoTakenTime", notes)
    posted = epoch(obj(data.get("creationTime")).get("timestamp"), "creationTime", notes)
    geo = obj(data.get("geoData"))
    exif_geo = obj(data.get("geoDataExif"))
    coords = coordinates(geo.get("latitude"), geo.get("longitude")) or coordinates(
        exif_geo.get("latitude"), exif_geo.get("longitude")
    )
    people = [repair(p.get("name")) for p in seq(data.get("people")) if isinstance(p, dict)]
    hidden = [w for w in ("archived", "trashed") if data.get(w) is True]
    if hidden:
        notes.append(f"{' and '.join(hidden)} in Google Photos: kept, never offered")
    return Said(
        taken=taken,
        taken_label="Google Photos photoTakenTime",
        posted=posted,
        posted_label="Google Photos upload time (creationTime)",
        caption=repair(data.get("description")),
        people=people,
        albums=albums,
        place=make_place(coords),
        offered=not hidden,
        notes=notes,
    )


def _is_media_sidecar(data: Any) -> bool:
    return isinstance(data, dict) and "photoTakenTime" in data


def _album_title(data: Any) -> str:
    """An album's metadata.json (any language's name for it): a title and an album date."""
    if not isinstance(data, dict) or "photoTakenTime" in data:
        return ""
    block = data.get("albumData") or data
    if not isinstance(block, dict) or not ({"date", "access"} & set(block)):
        return ""
    return repair(block.get("title"))


class TakeoutImporter(ExportImporter):
    name = "takeout"

    def looks_like(self, listing: Listing) -> bool:
        jsons = [n for n in listing.names if n.endswith(".json")]
        if any(f".{SUPPLEMENTAL}" in n for n in jsons):
            return True
        sidecars = [n for n in jsons if re.search(r"\.\w{3,4}(\(\d+\))?\.json$", n)]
        return any(b'"photoTakenTime"' in listing.head(n) for n in sidecars[:5])

    def scan_tree(self, tree: Tree, known: KnownFiles) -> Iterator[Found]:
        folders: dict[str, list[str]] = defaultdict(list)
        for name in tree.entries:
            folders[str(PurePosixPath(name).parent)].append(name)
        parsed: dict[str, Any] = {}
        for name in tree.entries:
            if name.endswith(".json"):
                data = load_json(tree, name)
                if isinstance(data, Skipped):
                    yield data
                else:
                    parsed[name] = data
        plan = [self._plan(names, parsed) for names in folders.values()]
        albums_of = _albums_by_photo(plan)
        reader = MediaReader(tree)
        try:
            for media, sidecars, matched, _ in plan:
                for m in media:
                    s = matched.get(PurePosixPath(m).name)
                    if s is None:
                        said = Said(notes=["no Google Photos sidecar found; the file's own dates"])
                        yield media_item(self.name, tree, reader, m, said, known)
                    else:
                        said = said_by(s.data, albums_of[_photo_key(s.data)])
                        yield media_item(self.name, tree, reader, m, said, known, [s.name])
                used = {id(s) for s in matched.values()}
                for s in sidecars:
                    if id(s) not in used:
                        yield Skipped(
                            tree.uri(s.name),
                            "a Google Photos sidecar whose photo is not in the export"
                            " (is a part of a split Takeout missing?)",
                        )
        finally:
            reader.close()
        for name in tree.entries:
            if name.lower().endswith(".ics"):
                yield from ics.scan_calendar(tree, name, known, self.name)

    @staticmethod
    def _plan(
        names: list[str], parsed: dict[str, Any]
    ) -> tuple[list[str], list[Sidecar], dict[str, Sidecar], str]:
        media = [n for n in names if PurePosixPath(n).suffix.lower() not in NOT_MEDIA]
        album = next((t for n in names if n in parsed and (t := _album_title(parsed[n]))), "")
        sidecars = [
            Sidecar(n, parsed[n], *sidecar_key(PurePosixPath(n).name))
            for n in names
            if n in parsed and _is_media_sidecar(parsed[n])
        ]
        matched = match_sidecars([PurePosixPath(m).name for m in media], sidecars)
        return media, sidecars, matched, album


def _photo_key(data: dict[str, Any]) -> tuple[str, str]:
    """Google's identity of a photo across folders (immich-go's Key): title and taken time."""
    taken = obj(data.get("photoTakenTime")).get("timestamp")
    return str(data.get("title") or ""), str(taken or "")


def _albums_by_photo(plan: list) -> dict[tuple[str, str], list[str]]:
    """Every album a photo is in: the same photo sits in its year folder and each album."""
    albums: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _, sidecars, _, album in plan:
        for s in sidecars:
            if album:
                albums[_photo_key(s.data)].append(album)
    return albums
