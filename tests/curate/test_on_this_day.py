from dataclasses import replace
from datetime import date, datetime, timedelta

from gentle_memories.curate.curation import curate_day
from gentle_memories.understand.understanding import understand
from tests.conftest import make_item, save_items


def on_this_day(library, day: date):
    """The day's on-this-day memories alone (on a date that holds little, the week around
    it is offered too: tests/curate/test_kinds.py)."""
    return [m for m in curate_day(library, day).memories if m.id.startswith("otd-")]


def test_one_memory_per_earlier_year_newest_first(library):
    save_items(
        library,
        make_item(datetime(2020, 9, 30, 10), "Picnic in the park"),
        make_item(datetime(2020, 9, 30, 15), "Ice cream after"),
        make_item(datetime(2017, 9, 30, 12), "Moving day"),
        make_item(datetime(2019, 10, 1, 12), "The day after, another year"),
        make_item(datetime(2022, 9, 30, 12), "Later than the day asked about"),
    )
    memories = on_this_day(library, date(2021, 9, 30))
    assert [m.title for m in memories] == ["1 year ago", "4 years ago"]
    assert [len(m.items) for m in memories] == [2, 1]
    assert memories[0].items[0].item.caption == "Picnic in the park"
    assert all(m.decision == "show" for m in memories)
    assert memories[0].reasons == ["from 30 September 2020, 1 year ago"]
    assert curate_day(library, date(2021, 9, 30)).hard_day is False


def test_29_february_comes_back_on_28_february_in_other_years(library):
    save_items(library, make_item(datetime(2020, 2, 29, 12), "Leap day cake"))
    assert [m.title for m in on_this_day(library, date(2021, 2, 28))] == ["1 year ago"]
    assert on_this_day(library, date(2024, 2, 28)) == []
    assert [m.title for m in on_this_day(library, date(2024, 2, 29))] == ["4 years ago"]


def test_items_dated_by_file_time_only_when_asked(library):
    save_items(library, make_item(datetime(2019, 5, 4, 12), "copied", confidence="file_time"))
    assert curate_day(library, date(2021, 5, 4)).memories == []
    asked = curate_day(library, date(2021, 5, 4), with_file_dates=True)
    assert len(asked.memories) == 1


def test_near_identical_shots_collapse_to_the_best(library):
    start = datetime(2018, 7, 1, 12)
    save_items(
        library,
        make_item(start, "", fingerprint="f0f0f0f0f0f0f0f0", name="burst-1"),
        make_item(start + timedelta(seconds=1), "Best", fingerprint="f0f0f0f0f0f0f0f1"),
        make_item(start + timedelta(seconds=2), "", fingerprint="f0f0f0f0f0f0ff00"),
        make_item(start + timedelta(hours=2), "", fingerprint="0f0f0f0f0f0f0f0f", name="other"),
    )
    (memory,) = curate_day(library, date(2020, 7, 1)).memories
    assert [m.item.caption for m in memory.items] == ["Best", ""]
    assert memory.items[1].item.uri.endswith("other.jpg")


def test_a_burst_whose_best_shot_is_gone_from_its_source_shows_the_next_best(library):
    """Withdrawing an item ranks its whole day again: its near-identical copies, which
    collapsed into it, are offered again, and the day shows as many shots as before."""
    start = datetime(2018, 7, 1, 12)
    best = make_item(start + timedelta(seconds=1), "Best", fingerprint="f0f0f0f0f0f0f0f1")
    save_items(
        library,
        make_item(start, "Blinked", fingerprint="f0f0f0f0f0f0f0f0", name="burst-1"),
        best,
        make_item(start + timedelta(hours=2), "", fingerprint="0f0f0f0f0f0f0f0f", name="other"),
    )
    assert library.withdraw([best.uri], "no longer in the source") == 1
    understand(library)
    (memory,) = curate_day(library, date(2020, 7, 1)).memories
    assert [m.item.caption for m in memory.items] == ["Blinked", ""]


def test_look_alike_photos_taken_hours_apart_both_show_with_their_captions(library):
    view = 0x9F3A5C7E12B4D608
    save_items(
        library,
        make_item(datetime(2018, 7, 1, 9), "Breakfast on the balcony", fingerprint=f"{view:016x}"),
        make_item(
            datetime(2018, 7, 1, 12),
            "The same view at noon, Sam asleep",
            ["Sam"],
            fingerprint=f"{view ^ 0b101:016x}",
        ),
    )
    (memory,) = curate_day(library, date(2020, 7, 1)).memories
    assert [(m.item.caption, m.item.people) for m in memory.items] == [
        ("Breakfast on the balcony", []),
        ("The same view at noon, Sam asleep", ["Sam"]),
    ]


def test_a_copy_of_one_picture_saved_again_shows_once_whenever_it_is_dated(library):
    """Identical fingerprint and dimensions: the same pixels, sent on hours later."""
    sized = {"fingerprint": "9f3a5c7e12b4d608"}
    save_items(
        library,
        replace(make_item(datetime(2018, 7, 1, 9), "", **sized), width=4032, height=3024),
        replace(
            make_item(datetime(2018, 7, 1, 18), "Sent to Gran", ["Gran"], **sized),
            width=4032,
            height=3024,
        ),
    )
    (memory,) = curate_day(library, date(2020, 7, 1)).memories
    assert [(m.item.caption, m.item.people) for m in memory.items] == [("Sent to Gran", ["Gran"])]
