"""Events: items close in time and place, so that one painful caption can mark its whole night.

The rule, in the words `explain` uses: items belong to one event when each was taken
within 6 hours of the one before, or within 36 hours of it at the same place (GPS
within 1 km) or in the same short album (a folder whose items span two weeks at most).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gentle_memories.library import Library
from gentle_memories.library.records import Event
from gentle_memories.understand.geo import km_between

NEAR = timedelta(hours=6)
SAME_PLACE_OR_ALBUM = timedelta(hours=36)
SHORT_ALBUM = timedelta(days=14)
SAME_PLACE_METRES = 1000.0


@dataclass(slots=True)
class _Shot:
    id: str
    at: datetime
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


def find_events(shots: list[_Shot]) -> list[_Open]:
    spans: dict[str, tuple[datetime, datetime]] = {}
    for shot in shots:
        for album in shot.albums:
            first, last = spans.get(album, (shot.at, shot.at))
            spans[album] = (min(first, shot.at), max(last, shot.at))
    short_albums = {a for a, (first, last) in spans.items() if last - first <= SHORT_ALBUM}
    found: list[_Open] = []
    for shot in shots:
        reason = _joins(found[-1].shots[-1], shot, short_albums) if found else None
        if reason:
            found[-1].shots.append(shot)
            found[-1].reasons.add(reason)
        else:
            found.append(_Open([shot]))
    return found


def assign_events(library: Library) -> int:
    """Recompute every event from the library's timeline, and write only what changed;
    returns how many events there are.

    An event whose members are exactly those of an old one keeps its number, so an import
    that adds a few photos rewrites a few events, not every item's (at 100,000 items,
    rewriting all took 5.8 of 8.5 s)."""
    # one user's private photos never share an event with anyone else's
    by_owner: dict[int | None, list[_Shot]] = {}
    for item_id, at, lat, lon, albums, was, owner in library.timeline():
        shot = _Shot(item_id, _naive_utc(at), lat, lon, tuple(albums), was)
        by_owner.setdefault(owner, []).append(shot)
    groups = []
    for shots in by_owner.values():
        shots.sort(key=lambda s: s.at)
        groups += find_events(shots)
    old = library.events()
    next_id = max(old, default=0) + 1
    kept: set[int] = set()
    written: list[Event] = []
    members: dict[str, int] = {}
    for group in groups:
        was = {shot.was_in for shot in group.shots}
        same = old.get(was.pop()) if len(was) == 1 else None
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
    library.update_events(set(old) - kept, written, members)
    return len(groups)
