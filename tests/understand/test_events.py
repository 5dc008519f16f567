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
