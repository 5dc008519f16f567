"""Where the household's photos of each day were taken, a row a day, for trips.

A day whose items change is marked stale where they are saved (items.py), and read again
from its items before trips are next found, so trips read a row a day, not every item."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from gentle_memories.library import schema as s
from gentle_memories.library.codecs import on_days
from gentle_memories.library.database import Stored, chunks, upsert

PLACES = 2
"""Decimal places a point is kept to: about a kilometre, far finer than a trip's 100 km."""
PLACE_FIELDS = ("local_date", "lat", "lon", "date_confidence", "owner_id")
"""What of an item decides where its day's photos were taken."""


def household_dated() -> tuple:
    """The items trips are found from: dated by more than their file's time, and no
    private source's."""
    c = s.items.c
    return (c.taken_at.isnot(None), c.date_confidence != "file_time", c.owner_id.is_(None))


def mark_stale(conn: Connection, days: Iterable[date | None]) -> None:
    """These days' photos changed: read them again before trips are next found."""
    rows = [
        {"local_date": on, "item_count": 0, "points": [], "stale": True}
        for on in sorted({on for on in days if on is not None})
    ]
    if rows:
        upsert(conn, s.day_places, rows)


def summary(places: Iterable[tuple[float | None, float | None]]) -> dict:
    """A day's photo count and its GPS points, each rounded, with how many were there."""
    items, points = 0, Counter()
    for lat, lon in places:
        items += 1
        if lat is not None and lon is not None:
            points[round(lat, PLACES), round(lon, PLACES)] += 1
    return {"item_count": items, "points": [[*p, n] for p, n in sorted(points.items())]}


class DayPlaceStore(Stored):
    def refresh_day_places(self, everything: bool = False) -> int:
        """Read again from their items the days marked stale (or every day); returns
        how many days were read."""
        c, d = s.items.c, s.day_places.c
        with self.transaction() as conn:
            if everything:
                dated = select(c.local_date).where(c.local_date.isnot(None)).distinct()
                days = {
                    *conn.execute(dated).scalars(),
                    *conn.execute(select(d.local_date)).scalars(),
                }
            else:
                days = set(conn.execute(select(d.local_date).where(d.stale.is_(True))).scalars())
            for chunk in chunks(sorted(days)):
                found: dict[date, list] = defaultdict(list)
                query = select(c.local_date, c.lat, c.lon).where(
                    *on_days(chunk), *household_dated()
                )
                for on, lat, lon in conn.execute(query):
                    found[on].append((lat, lon))
                conn.execute(delete(s.day_places).where(d.local_date.in_(chunk)))
                rows = [
                    {"local_date": on, **summary(places), "stale": False}
                    for on, places in found.items()
                ]
                if rows:
                    conn.execute(insert(s.day_places), rows)
        return len(days)

    def day_places(self) -> Iterator[tuple[date, int, list[tuple[float, float, int]]]]:
        """(day, photos, [(lat, lon, photos there)]) of every day with a household photo
        dated by more than its file's time, as last refreshed, day by day."""
        d = s.day_places.c
        query = select(d.local_date, d.item_count, d.points).order_by(d.local_date)
        with self.engine.connect() as conn:
            for on, items, points in conn.execute(query):
                yield on, items, [tuple(p) for p in points]
