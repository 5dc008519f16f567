"""Trips found from where the photos were taken, named as a person would say the place."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date, datetime, timedelta

from gentle_memories.items import Place
from gentle_memories.understand.places import place_name
from gentle_memories.understand.trips import _median
from tests.conftest import make_item, save_items

HOME = Place(40.42, -3.70)  # Madrid


def at_home(start: date, days: int):
    for n in range(days):
        yield make_item(
            datetime.combine(start + timedelta(n), datetime.min.time()).replace(hour=12),
            "Lunch",
            place=HOME,
        )


def shots(day: datetime, place: Place | None, count: int = 2, albums=None):
    return [
        make_item(day + timedelta(hours=3 * n), f"shot {n}", place=place, albums=albums)
        for n in range(count)
    ]


def test_places_are_named_by_the_city_not_its_quarter():
    assert place_name([(52.52, 13.40)]) == "Berlin"
    assert place_name([(40.40, -3.70)]) == "Madrid"
    assert place_name([(38.72, -9.14), (38.71, -9.13), (41.15, -8.61)]) == "Lisbon"
    assert place_name([(38.72, -9.14), (41.15, -8.61)]) == "Portugal", "no town holds most"


def test_a_median_of_points_kept_with_their_counts_is_the_median_of_every_photo():
    for weighted in ([(2.0, 1)], [(3.0, 2), (1.0, 1)], [(1.0, 2), (5.0, 2)], [(4.0, 3), (0.5, 4)]):
        every = [value for value, n in weighted for _ in range(n)]
        assert _median(list(weighted)) == statistics.median(every)


def test_home_is_where_most_days_are_and_days_away_make_a_trip(library):
    save_items(
        library,
        *at_home(date(2019, 1, 1), 60),
        *shots(datetime(2019, 3, 10, 9), Place(48.86, 2.35)),
        *shots(datetime(2019, 3, 11, 9), None, albums=["Paris"]),
        *shots(datetime(2019, 3, 12, 9), Place(48.85, 2.34), albums=["Paris"]),
        *shots(datetime(2019, 3, 13, 9), None, albums=["Paris"]),
        *shots(datetime(2019, 3, 20, 9), Place(41.39, 2.17)),
    )
    (trip,) = library.trips_starting(["03-10"], before=date(2026, 1, 1))
    assert (trip.start, trip.end, trip.place) == (date(2019, 3, 10), date(2019, 3, 13), "Paris")
    assert trip.item_count == 8, "the day without GPS in its album joined it"
    assert library.trips_starting(["03-20"], before=date(2026, 1, 1)) == [], "a day out"


def test_a_long_stay_is_not_a_trip(library):
    save_items(
        library,
        *at_home(date(2019, 1, 1), 60),
        *(
            s
            for n in range(40)
            for s in shots(datetime(2019, 4, 1, 9) + timedelta(n), Place(51.5, -0.12))
        ),
    )
    assert library.trips_starting(["04-01"], before=date(2026, 1, 1)) == []


def test_trips_found_import_by_import_are_the_trips_found_from_every_day(library):
    """Each import reads again only the days it changed, among them the day a photo left
    when its date was put right; trips found so are those found by reading every day."""
    save_items(library, *at_home(date(2019, 1, 1), 60))
    save_items(library, *shots(datetime(2019, 3, 10, 9), Place(48.86, 2.35)))
    save_items(library, *shots(datetime(2019, 3, 11, 9), Place(48.85, 2.34)))
    (late,) = shots(datetime(2019, 3, 14, 9), Place(48.85, 2.35), count=1)
    save_items(library, late)
    (trip,) = library.trips_starting(["03-10"], before=date(2026, 1, 1))
    assert trip.end == date(2019, 3, 14), "two days without photos between do not end it"
    save_items(library, replace(late, taken_at=datetime(2019, 3, 12, 20)))
    (trip,) = library.trips_starting(["03-10"], before=date(2026, 1, 1))
    assert (trip.start, trip.end, trip.item_count) == (date(2019, 3, 10), date(2019, 3, 12), 5)
    kept = list(library.day_places())
    assert library.refresh_day_places(everything=True) == 60 + 3
    assert list(library.day_places()) == kept
