"""Events: items close in time and place, so that one painful caption can mark its whole night.

The rule, in the words `explain` uses: items belong to one event when each was taken
within 6 hours of the one before, or within 36 hours of it at the same place (GPS
within 1 km) or in the same short album (a folder whose items span two weeks at most).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gentle_memories.library import Library
from gentle_memories.library.records import AlbumSpan, Event
from gentle_memories.understand.geo import km_between

NEAR = timedelta(hours=6)
SAME_PLACE_OR_ALBUM = timedelta(hours=36)
SHORT_ALBUM = timedelta(days=14)
SAME_PLACE_METRES = 1000.0


@dataclass(slots=True)
class _Shot:
    id: str
    at: datetime
    """UTC where the zone is known, else the local time (_naive_utc)."""
    local: datetime
    lat: float | None
    lon: float | None
    albums: tuple[str, ...]
    was_in: int | None = None
    """The event it belonged to before this run."""


@dataclass
class _Open:
    shots: list[_Shot] = field(default_factory=list)
    reasons: set[str] = field(default_factory=set)


def _naive_utc(at: datetime) -> datetime:
    """Compare aware and naive times on one scale; naive ones are local, close enough here."""
    return at.replace(tzinfo=None) - at.utcoffset() if at.tzinfo else at


def metres_between(a: _Shot, b: _Shot) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return km_between((a.lat, a.lon), (b.lat, b.lon)) * 1000


def _joins(prev: _Shot, shot: _Shot, short_albums: set[str]) -> str | None:
    gap = shot.at - prev.at
    if gap <= NEAR:
        return "taken within 6 hours of each other"
    if gap > SAME_PLACE_OR_ALBUM:
        return None
    distance = metres_between(prev, shot)
    if distance is not None and distance <= SAME_PLACE_METRES:
        return "taken at the same place within a day and a half"
    if set(prev.albums) & set(shot.albums) & short_albums:
        return "in the same album within a day and a half"
    return None


def find_events(
    shots: list[_Shot], album_spans: dict[str, tuple[datetime, datetime]]
) -> list[_Open]:
    """Chain time-ordered shots into events; `album_spans`: the first and last local time
    of every album the shots are in, over all of their owner's items."""
    short_albums = {a for a, (first, last) in album_spans.items() if last - first <= SHORT_ALBUM}
    found: list[_Open] = []
    for shot in shots:
        reason = _joins(found[-1].shots[-1], shot, short_albums) if found else None
        if reason:
            found[-1].shots.append(shot)
            found[-1].reasons.add(reason)
        else:
            found.append(_Open([shot]))
    return found


def _spans_of(shots: list[_Shot]) -> dict[str, tuple[datetime, datetime]]:
    spans: dict[str, tuple[datetime, datetime]] = {}
    for shot in shots:
        for album in shot.albums:
            first, last = spans.get(album, (shot.local, shot.local))
            spans[album] = (min(first, shot.local), max(last, shot.local))
    return spans


Span = tuple[datetime, datetime]
EVERYTHING: list[Span] = [(datetime.min, datetime.max)]
ZONES = timedelta(hours=14)
"""How far a local clock time lies from UTC at most: the margin between the two scales."""


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


class _AlbumSpans:
    """How long albums last, each album read once in a run: the shots around the new items
    are mostly in the new items' own albums, and an album that holds most of the library
    costs seconds to read."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.found: dict[int | None, dict[str, AlbumSpan]] = {}
        self.asked: dict[int | None, set[str]] = {}

    def of(self, owner: int | None, names: set[str]) -> dict[str, AlbumSpan]:
        """Each of these albums of the owner that has a dated item."""
        asked = self.asked.setdefault(owner, set())
        found = self.found.setdefault(owner, {})
        if new := names - asked:
            found.update(self.library.album_spans(owner, new))
            asked |= new
        return {name: found[name] for name in names if name in found}


def _unsettled_spans(library: Library, old: dict[int, Event], albums_of: _AlbumSpans) -> list[Span]:
    """The times around every new or changed item where an event may have changed: as
    far as a shot can join another, and the whole old event it was in."""
    spans: list[Span] = []
    albums: dict[int | None, set[str]] = {}
    for at, confidence, event_id, names, owner in library.unsettled():
        if at is not None and confidence != "file_time":
            moment = _naive_utc(at)
            spans.append((moment - SAME_PLACE_OR_ALBUM, moment + SAME_PLACE_OR_ALBUM))
        albums.setdefault(owner, set()).update(names)
        if event_id in old:
            spans.append((old[event_id].start, old[event_id].end))
    spans += _albums_that_may_have_changed(albums_of, albums)
    return _merged(spans)


def _albums_that_may_have_changed(
    albums_of: _AlbumSpans, albums: dict[int | None, set[str]]
) -> list[Span]:
    """An album short now, or short before this import, joins shots anywhere in it: all
    of its times are read again. (Local times, widened to hold every zone's UTC.)"""
    return [
        (span.first - SAME_PLACE_OR_ALBUM - ZONES, span.last + SAME_PLACE_OR_ALBUM + ZONES)
        for owner, names in albums.items()
        for span in albums_of.of(owner, names).values()
        if span.last - span.first <= SHORT_ALBUM
        or (span.first_before and span.last_before - span.first_before <= SHORT_ALBUM)
    ]


def _touching(events: Iterable[Event], spans: list[Span]) -> list[Event]:
    """The events that overlap one of these merged, sorted spans."""
    starts = [first for first, _ in spans]
    found = []
    for event in events:
        n = bisect_right(starts, event.end) - 1
        if n >= 0 and spans[n][1] >= event.start:
            found.append(event)
    return found


def _closed(spans: list[Span], old: dict[int, Event]) -> list[Span]:
    """The spans grown until no old event reaches out of them: cut anywhere else, an
    event that still holds would be split."""
    while True:
        grown = _merged([*spans, *((e.start, e.end) for e in _touching(old.values(), spans))])
        if grown == spans:
            return spans
        spans = grown


def _shots_within(library: Library, spans: list[Span]) -> dict[int | None, list[_Shot]]:
    by_owner: dict[int | None, list[_Shot]] = {}
    for first, last in spans:
        wide = (
            (first, last)
            if (first, last) == EVERYTHING[0]
            else (first - ZONES, last + ZONES)  # items are found by their local time
        )
        for item_id, at, lat, lon, albums, was, owner in library.timeline_between(*wide):
            moment = _naive_utc(at)
            if first <= moment <= last:
                shot = _Shot(item_id, moment, at.replace(tzinfo=None), lat, lon, tuple(albums), was)
                by_owner.setdefault(owner, []).append(shot)
    return by_owner


def assign_events(library: Library, everything: bool = False) -> int:
    """Find again the events around every new or changed item (or every event, with
    `everything`), and write only what changed; returns how many events there are.

    Whether two shots in a row join depends on those two alone (and on how long their
    albums last), so the events outside the times an import touched stay as they were,
    and an import of a few photos reads a few days, not the library. An event whose
    members are exactly those of an old one keeps its number."""
    old = library.events()
    albums_of = _AlbumSpans(library)
    spans = EVERYTHING if everything else _closed(_unsettled_spans(library, old, albums_of), old)
    if not spans:
        return len(old)
    within = {e.id: e for e in _touching(old.values(), spans)}
    groups = []
    # one user's private photos never share an event with anyone else's
    for owner, shots in _shots_within(library, spans).items():
        shots.sort(key=lambda s: s.at)
        if everything:
            lasting = _spans_of(shots)
        else:
            found = albums_of.of(owner, {a for shot in shots for a in shot.albums})
            lasting = {name: (x.first, x.last) for name, x in found.items()}
        groups += find_events(shots, lasting)
    next_id = max(old, default=0) + 1
    kept: set[int] = set()
    written: list[Event] = []
    members: dict[str, int] = {}
    for group in groups:
        was = {shot.was_in for shot in group.shots}
        same = within.get(was.pop()) if len(was) == 1 else None
        keep = same is not None and same.item_count == len(group.shots) and same.id not in kept
        event = Event(
            same.id if keep else next_id,
            group.shots[0].at,
            group.shots[-1].at,
            len(group.shots),
            "; ".join(sorted(group.reasons)) or "a single item",
        )
        if keep:
            kept.add(event.id)
            if event != same:
                written.append(event)
        else:
            written.append(event)
            members.update({shot.id: event.id for shot in group.shots})
            next_id += 1
    library.update_events(set(within) - kept, written, members)
    return library.count_events()
