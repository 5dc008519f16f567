"""Trips: days away from home, from where the photos were taken and the albums they share.

Home is where the photos of most days were taken (a cell of about 50 km; counting days,
not photos, so one big party elsewhere does not move it). A day is away when most of its
photos with GPS were taken more than 100 km from home. Days away in a row make a trip, as
do days without GPS between them; a day without GPS next to a trip joins it when its photos
share an album with the trip. One day away is an outing, not a trip; a month away is a
stay, not a trip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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
    items: int
    points: list[tuple[float, float, int]]
    """Where its photos with GPS were taken, to about a kilometre: (lat, lon, photos)."""

    def photos(self) -> list[tuple[float, float]]:
        """A point for each photo with GPS."""
        return [(lat, lon) for lat, lon, n in self.points for _ in range(n)]


def _days(library: Library) -> dict[date, _Day]:
    """Where the household's photos of each day were taken (never a private source's)."""
    library.refresh_day_places()
    return {on: _Day(items, points) for on, items, points in library.day_places()}


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (int(lat // HOME_CELL_DEGREES), int(lon // HOME_CELL_DEGREES))


def _median(weighted: list[tuple[float, int]]) -> float:
    """The median of values each counted `n` times, as statistics.median of them all."""
    weighted.sort()

    def nth(k: int) -> float:
        for value, n in weighted:
            if k < n:
                return value
            k -= n
        raise IndexError(k)

    total = sum(n for _, n in weighted)
    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def find_home(days: dict[date, _Day]) -> tuple[float, float] | None:
    """The middle of the cell where the photos of the most days were taken."""
    days_in: Counter[tuple[int, int]] = Counter()
    for day in days.values():
        days_in.update({_cell(lat, lon) for lat, lon, _ in day.points})
    if not days_in:
        return None
    cell = days_in.most_common(1)[0][0]
    inside = [p for d in days.values() for p in d.points if _cell(p[0], p[1]) == cell]
    return (
        _median([(lat, n) for lat, _, n in inside]),
        _median([(lon, n) for _, lon, n in inside]),
    )


def _away(day: _Day, home: tuple[float, float]) -> bool | None:
    """True when most of the day's GPS photos are far from home; None without GPS."""
    if not day.points:
        return None
    far = sum(n for lat, lon, n in day.points if km_between((lat, lon), home) > AWAY_KM)
    return far * 2 > sum(n for _, _, n in day.points)


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
        if day and not day.points and albums.get(side, set()) & shared:
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
        points = [p for d in run if d in days for p in days[d].photos()]
        step = max(1, len(points) // NAMED_FROM)
        items = sum(days[d].items for d in run if d in days)
        trips.append(Trip(run[0], run[-1], place_name(points[::step]), items))
    return trips


def assign_trips(library: Library) -> int:
    """Find every trip again from the library's timeline; returns how many there are."""
    trips = find_trips(_days(library), library.household_albums_on)
    library.replace_trips(trips)
    return len(trips)
