from dataclasses import replace
from datetime import datetime, timedelta

from gentle_memories.items import Place
from tests.conftest import make_item, save_items

HOSPITAL = Place(51.5007, -0.1246)


def events_of(library, ids: list[str]) -> list[int | None]:
    return [library.item(i).event_id for i in ids]


def test_items_within_six_hours_are_one_event(library):
    start = datetime(2020, 5, 1, 10)
    ids = save_items(
        library,
        make_item(start),
        make_item(start + timedelta(hours=5)),
        make_item(start + timedelta(hours=10, minutes=30)),
        make_item(start + timedelta(hours=20)),
    )
    a, b, c, d = events_of(library, ids)
    assert a == b == c
    assert d != c
    event = library.event(a)
    assert (event.item_count, event.why) == (3, "taken within 6 hours of each other")


def test_nights_at_the_same_place_or_in_a_short_album_stay_one_event(library):
    start = datetime(2020, 9, 28, 22)
    ids = save_items(
        library,
        make_item(start, place=HOSPITAL),
        make_item(start + timedelta(hours=24), place=Place(51.5010, -0.1250)),
        make_item(start + timedelta(hours=48), albums=["2020/Hospital"]),
        make_item(start + timedelta(hours=72), albums=["2020/Hospital"]),
    )
    assert len(set(events_of(library, ids))) == 2
    assert events_of(library, ids)[2] == events_of(library, ids)[3]


def test_a_camera_roll_spanning_months_does_not_chain_days(library):
    start = datetime(2020, 1, 1, 12)
    ids = save_items(
        library,
        *[make_item(start + timedelta(days=d), albums=["Camera"]) for d in (0, 1, 2, 90)],
    )
    assert len(set(events_of(library, ids))) == 4


def _partition(library) -> set[tuple[frozenset[str], str, str, int, str]]:
    """Every event as its members and its row, whatever number it got."""
    members: dict[int, set[str]] = {}
    for item_id, *_, event_id, _owner in library.timeline_between(datetime.min, datetime.max):
        if event_id is not None:
            members.setdefault(event_id, set()).add(item_id)
    return {
        (frozenset(members.get(e.id, ())), e.start, e.end, e.item_count, e.why)
        for e in library.events().values()
    }


def test_events_kept_up_to_date_are_the_events_computed_afresh(library):
    """Import after import, with dates corrected and items losing their dates: writing only
    what changed must leave exactly what a computation from nothing gives."""
    import random

    from gentle_memories.understand.events import assign_events

    rng = random.Random(7)
    start = datetime(2021, 6, 1)
    places = [HOSPITAL, Place(48.8584, 2.2945), None]
    saved: list[str] = []
    batches: list[list] = []

    def shot(step: int, n: int):
        albums = rng.choice([[], ["Trip"], ["Camera roll"], ["Weekend"]])
        hours = rng.uniform(0, 24 * 20)
        if albums == ["Weekend"] and step != 5:  # a short album, until step 5 makes it long
            hours = rng.uniform(24 * 5, 24 * 7)
        at = start + timedelta(hours=hours)
        return make_item(at, name=f"s{step}-{n}", place=rng.choice(places), albums=albums)

    for step in range(10):
        batch = [shot(step, n) for n in range(rng.randint(3, 15))]
        saved += save_items(library, *batch)
        batches.append(batch)
        moved = start + timedelta(hours=rng.uniform(0, 480))
        library.set_taken_at({rng.choice(saved): (moved, "corrected")})
        undated = rng.choice(rng.choice(batches))
        save_items(library, replace(undated, date_confidence="file_time"))
        kept_up = _partition(library)
        library.update_events(set(library.events()), [], {})
        assert _partition(library) == set()
        assign_events(library, everything=True)
        assert _partition(library) == kept_up, f"after import {step}"


def test_an_import_on_another_day_leaves_every_event_its_number(library):
    start = datetime(2020, 5, 1, 10)
    ids = save_items(library, *[make_item(start + timedelta(days=d)) for d in range(5)])
    before = events_of(library, ids)
    save_items(library, make_item(start + timedelta(days=2, hours=2)))
    save_items(library, make_item(datetime(2023, 1, 1, 9)))
    after = events_of(library, ids)
    assert [a == b for a, b in zip(before, after, strict=True)] == [True, True, False, True, True]


def test_an_event_keeps_its_number_when_a_date_inside_it_is_corrected(library):

    from gentle_memories.understand.events import assign_events

    start = datetime(2020, 9, 28, 10)
    a, b = save_items(library, make_item(start), make_item(start + timedelta(hours=2)))
    (number,) = set(events_of(library, [a, b]))
    library.set_taken_at({b: (start + timedelta(hours=3), "corrected")})
    assign_events(library)
    assert events_of(library, [a, b]) == [number, number]
    assert library.event(number).end == datetime(2020, 9, 28, 13)
