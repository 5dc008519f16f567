"""On this day: the items of the same month-day in earlier years, one memory per year.

Items of 29 February come back on 28 February in years without one. Near-identical
shots (a burst, the same picture saved twice) collapse to the best of them.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from gentle_memories.items import StoredItem

BURST_SECONDS = 10
BURST_DISTANCE = 10
SAME_PICTURE_DISTANCE = 4


def month_days(day: date) -> list[str]:
    days = [day.strftime("%m-%d")]
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        days.append("02-29")
    return days


def by_year(items: Sequence[StoredItem]) -> dict[int, list[StoredItem]]:
    years: dict[int, list[StoredItem]] = defaultdict(list)
    for item in items:
        years[item.local_date.year].append(item)
    return dict(years)


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _seconds_apart(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None):
        return float("inf")
    return abs((a - b).total_seconds())


def near_identical(a: StoredItem, b: StoredItem) -> bool:
    if not a.fingerprint or not b.fingerprint or a.kind != b.kind:
        return False
    distance = _distance(a.fingerprint, b.fingerprint)
    if distance <= SAME_PICTURE_DISTANCE:
        return True
    return distance <= BURST_DISTANCE and _seconds_apart(a.taken_at, b.taken_at) <= BURST_SECONDS


def _quality(item: StoredItem) -> tuple:
    pixels = (item.width or 0) * (item.height or 0)
    return (bool(item.caption or item.title), pixels, item.size, -len(item.uri))


def collapse_near_identical(items: Sequence[StoredItem]) -> list[StoredItem]:
    """Keep the best of each group of near-identical shots, in time order."""
    groups: list[list[StoredItem]] = []
    for item in items:
        for group in groups:
            if any(near_identical(item, other) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    best = [max(group, key=_quality) for group in groups]
    return sorted(best, key=lambda i: (i.local_date, i.taken_at.replace(tzinfo=None)))
