"""Instants whose zone is only this computer's, told in the zone of the shot taken nearest.

A video without GPS, a post, a Takeout photo without EXIF: their UTC instant was shown in
this computer's zone at import (sources/place_zone.py). A photo or video taken within
three days that knows its zone (an EXIF offset, or GPS) says where the person was, so the
instant is told in that shot's zone and lands on the day lived there. Only items whose
zone is still a guess are looked at, and only when something new came in near their day.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from gentle_memories.items import Place
from gentle_memories.library import Library
from gentle_memories.sources.place_zone import COMPUTER_ZONE, NEAREST, like_nearest, zone_at

WITHIN = timedelta(days=3)
_MARGIN = WITHIN + timedelta(days=1)  # stored local times differ from UTC by 14 hours at most


@dataclass(frozen=True)
class _Witness:
    at: datetime
    zone: tzinfo
    kind: str


def _witness(
    at: datetime, lat: float | None, lon: float | None, source: str, kind: str
) -> _Witness | None:
    """A shot whose zone is known from its own metadata or its GPS, not guessed."""
    if source.endswith(COMPUTER_ZONE) or NEAREST in source:
        return None
    zone = zone_at(Place(lat, lon)) or at.tzinfo
    if zone is None:
        return None
    return _Witness((at if at.tzinfo else at.replace(tzinfo=zone)).astimezone(UTC), zone, kind)


def _spans(instants: list[datetime]) -> list[tuple[datetime, datetime]]:
    """Time ranges that hold every witness near the sorted instants, overlapping ones merged."""
    spans: list[tuple[datetime, datetime]] = []
    for at in instants:
        if spans and at - _MARGIN <= spans[-1][1]:
            spans[-1] = (spans[-1][0], at + _MARGIN)
        else:
            spans.append((at - _MARGIN, at + _MARGIN))
    return spans


def _nearest(witnesses: list[_Witness], times: list[datetime], at: datetime) -> _Witness | None:
    i = bisect_left(times, at)
    near = [w for w in witnesses[max(i - 1, 0) : i + 1] if abs(w.at - at) <= WITHIN]
    return min(near, key=lambda w: abs(w.at - at), default=None)


def _witnesses(library: Library, spans: Iterable[tuple[datetime, datetime]]) -> list[_Witness]:
    found = [
        w
        for start, end in spans
        for row in library.zone_witnesses(start.replace(tzinfo=None), end.replace(tzinfo=None))
        if (w := _witness(*row)) is not None
    ]
    return sorted(found, key=lambda w: w.at)


def settle_zones(library: Library) -> int:
    """Tell each guessed instant in the zone of the shot taken nearest in time, within
    three days; returns how many items moved to their place's zone."""
    guessed = sorted(
        (at.astimezone(UTC), item_id, source)
        for item_id, at, source in library.zone_guesses(COMPUTER_ZONE, WITHIN)
    )
    if not guessed:
        return 0
    witnesses = _witnesses(library, _spans([at for at, _, _ in guessed]))
    times = [w.at for w in witnesses]
    told = {}
    for at, item_id, source in guessed:
        witness = _nearest(witnesses, times, at)
        if witness is not None:
            source = like_nearest(source, witness.zone, witness.kind)
            told[item_id] = (at.astimezone(witness.zone), source)
    library.set_taken_at(told)
    return len(told)
