"""Place names for coordinates, offline: the geonames cities that `reverse-geocode` ships.

A trip is named as a person would say it: "Lisbon", not the Lisbon quarter nearest to the
hotel, so a big city near the photos wins over a small place nearer still; far from any
town, the country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gentle_memories.understand.geo import km_between

TIERS = ((500_000, 30.0), (50_000, 15.0), (5_000, 8.0))
"""(population at least, within km): the first tier with a place near enough names it."""


def _names(points: Sequence[tuple[float, float]]) -> list[tuple[str, str]]:
    """(town or "", country) for each point."""
    import reverse_geocode  # loads scipy (about 1 s): only a library with places needs it

    found: list[tuple[str, str]] = [("", "")] * len(points)
    left = list(range(len(points)))
    for population, km in TIERS:
        if not left:
            break
        places = reverse_geocode.search([points[i] for i in left], min_population=population)
        still = []
        for i, place in zip(left, places, strict=True):
            near = km_between(points[i], (place["latitude"], place["longitude"])) <= km
            found[i] = (place["city"] if near else "", place["country"])
            if not near:
                still.append(i)
        left = still
    return found


def place_name(points: Sequence[tuple[float, float]]) -> str:
    """The town most of the points are in, or else their country; "" for no points."""
    names = _names(points)
    if not names:
        return ""
    (town, _), count = Counter(names).most_common(1)[0]
    if town and count * 2 > len(names):
        return town
    return Counter(c for _, c in names).most_common(1)[0][0]
