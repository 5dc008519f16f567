"""Trips: days away from home, from where the photos were taken and the albums they share.

Home is where the photos of most days were taken (a cell of about 50 km; counting days,
not photos, so one big party elsewhere does not move it). A day is away when most of its
photos with GPS were taken more than 100 km from home. Days away in a row make a trip, as
do days without GPS between them; a day without GPS next to a trip joins it when its photos
share an album with the trip. One day away is an outing, not a trip; a month away is a
stay, not a trip.
"""

from __future__ import annotations

import statistics
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from gentle_memories.library import Library
from gentle_memories.library.records import Trip
from gentle_memories.understand.geo import km_between
from gentle_memories.understand.places import place_name

HOME_CELL_DEGREES = 0.5
AWAY_KM = 100.0
MIN_DAYS = 2
MAX_DAYS = 31
MAX_GAP_DAYS = 2
"""Days in a row without GPS that a trip may hold between two days away."""
NAMED_FROM = 200
"""Photos of a trip read for its name at most: enough for a majority, quick to look up."""


@dataclass
class _Day:
    lats: array = field(default_factory=lambda: array("d"))
    lons: array = field(default_factory=lambda: array("d"))
    """Where its photos with GPS were taken: two packed arrays, 16 bytes a photo, so a
    library of a million is read in a few MB."""
    items: int = 0

    @property
    def points(self) -> list[tuple[float, float]]:
        return list(zip(self.lats, self.lons, strict=True))


def _days(library: Library) -> dict[date, _Day]:
    """Where the household's photos of each day were taken (never a private source's)."""
    days: dict[date, _Day] = defaultdict(_Day)
    for on, lat, lon in library.household_places():
        day = days[on]
        day.items += 1
        if lat is not None and lon is not None:
            day.lats.append(lat)
            day.lons.append(lon)
    return days


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return (int(point[0] // HOME_CELL_DEGREES), int(point[1] // HOME_CELL_DEGREES))


def find_home(days: dict[date, _Day]) -> tuple[float, float] | None:
    """The middle of the cell where the photos of the most days were taken."""
    days_in: Counter[tuple[int, int]] = Counter()
    for day in days.values():
        days_in.update({_cell(p) for p in day.points})
    if not days_in:
        return None
    cell = days_in.most_common(1)[0][0]
    lats, lons = array("d"), array("d")
    for day in days.values():
        for point in zip(day.lats, day.lons, strict=True):
            if _cell(point) == cell:
                lats.append(point[0])
                lons.append(point[1])
    return (statistics.median(lats), statistics.median(lons))


def _away(day: _Day, home: tuple[float, float]) -> bool | None:
    """True when most of the day's GPS photos are far from home; None without GPS."""
    if not day.lats:
        return None
    far = sum(km_between(p, home) > AWAY_KM for p in day.points)
    return far * 2 > len(day.points)


def _runs(days: dict[date, _Day], home: tuple[float, float]) -> list[list[date]]:
    """Days away in a row, with up to MAX_GAP_DAYS days without GPS between them."""
    runs: list[list[date]] = []
    for on in sorted(days):
        if not _away(days[on], home):
            continue
        last = runs[-1][-1] if runs else None
        between = [] if last is None else [last + timedelta(n) for n in range(1, (on - last).days)]
        joins = (
            last is not None
            and len(between) <= MAX_GAP_DAYS
            and all(_away(days[d], home) is None for d in between if d in days)
        )
        if joins:
            runs[-1] += [*between, on]
        else:
            runs.append([on])
    return runs


def _sides(run: list[date]) -> tuple[date, date]:
    return run[0] - timedelta(1), run[-1] + timedelta(1)


def _with_album_days(
    run: list[date], days: dict[date, _Day], albums: dict[date, set[str]]
) -> list[date]:
    """The run, and a day without GPS on either side whose photos share its albums."""
    shared = {a for d in run for a in albums.get(d, ())}
    found = list(run)
    for side in _sides(run):
        day = days.get(side)
        if day and not day.lats and albums.get(side, set()) & shared:
            found.append(side)
    return sorted(found)


def find_trips(
    days: dict[date, _Day], albums_on: Callable[[set[date]], dict[date, set[str]]]
) -> list[Trip]:
    """The trips of these days; `albums_on` reads the albums of the few days that may join
    one, so the albums of every photo are never read."""
    home = find_home(days)
    if home is None:
        return []
    runs = [r for r in _runs(days, home) if (r[-1] - r[0]).days + 1 <= MAX_DAYS]
    albums = albums_on({d for run in runs for d in (*run, *_sides(run))})
    trips = []
    for run in runs:
        run = _with_album_days(run, days, albums)
        span = (run[-1] - run[0]).days + 1
        if not MIN_DAYS <= span <= MAX_DAYS:
            continue
        points = [p for d in run if d in days for p in days[d].points]
        step = max(1, len(points) // NAMED_FROM)
        items = sum(days[d].items for d in run if d in days)
        trips.append(Trip(run[0], run[-1], place_name(points[::step]), items))
    return trips


def assign_trips(library: Library) -> int:
    """Find every trip again from the library's timeline; returns how many there are."""
    trips = find_trips(_days(library), library.household_albums_on)
    library.replace_trips(trips)
    return len(trips)
