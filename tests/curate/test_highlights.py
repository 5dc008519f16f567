"""A busy day shows its best shots, spread over the day, and says how many it holds."""

from datetime import date, datetime, timedelta

from gentle_memories.curate.context import SHOWN_PER_DAY
from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.explain import explain
from tests.conftest import make_item, memories, save_items

WEDDING = datetime(2019, 6, 15, 11)


def busy_day(library) -> list[str]:
    """A wedding: 60 shots in the morning, one captioned, and 3 at night; a burst."""
    morning = [make_item(WEDDING + timedelta(minutes=n), "", name=f"m{n}") for n in range(60)]
    morning[40] = make_item(WEDDING + timedelta(minutes=40), "Our first dance", name="dance")
    night = [
        make_item(WEDDING + timedelta(hours=12, minutes=n), "", name=f"night{n}") for n in range(3)
    ]
    burst = [
        make_item(
            WEDDING + timedelta(hours=3, seconds=s),
            "",
            fingerprint="a5a5a5a5a5a5a5a5",
            name=f"b{s}",
        )
        for s in range(3)
    ]
    return save_items(library, *morning, *night, *burst)


def test_a_busy_day_shows_its_best_shots_from_morning_and_night(library, home):
    busy_day(library)
    (memory,) = curate_day(library, date(2021, 6, 15)).memories
    assert len(memory.items) == SHOWN_PER_DAY
    assert memory.item_count == 60 + 3 + 1, "a burst counts once"
    names = [m.item.uri.rsplit("/", 1)[1] for m in memory.items]
    assert "dance.jpg" in names, "words make a shot worth showing"
    assert {"night0.jpg", "night1.jpg", "night2.jpg"} <= set(names), "every event has its turn"
    assert names[0] == "dance.jpg", "the best shot leads"
    rest = [m.item.taken_at for m in memory.items[1:]]
    assert rest == sorted(rest), "the others in time order"
    assert "the best 24 of 64 items" in memories(home, "today", "--date", "2021-06-15")


def test_hiding_shown_shots_brings_the_next_best_and_explain_says_why_one_is_missing(library):
    ids = busy_day(library)
    first = curate_day(library, date(2021, 6, 15)).memories[0]
    for member in first.items[:5]:
        library.add_rule("hide", "item", member.item.id)
    (memory,) = curate_day(library, date(2021, 6, 15)).memories
    assert len(memory.items) == SHOWN_PER_DAY
    assert memory.item_count == 64 - 5
    assert not {m.item.id for m in first.items[:5]} & {m.item.id for m in memory.items}
    seen = {m.item.id for m in [*first.items[:5], *memory.items]}
    left_out = next(i for i in ids[:60] if i not in seen)
    lines = explain(library, left_out, date(2021, 6, 1))
    assert any("of 59 items of its day; the memory shows the best 24" in line for line in lines)


def test_a_burst_shows_once_and_explain_says_the_others_collapse(library):
    ids = busy_day(library)
    (memory,) = curate_day(library, date(2021, 6, 15)).memories
    shown = [i for i in ids[-3:] if i in {m.item.id for m in memory.items}]
    assert len(shown) == 1
    copy = next(i for i in ids[-3:] if i not in shown)
    assert explain(library, copy, date(2021, 6, 1))[-1].endswith(
        "collapses into a near-identical shot"
    )


def test_thousands_of_copies_of_one_picture_rank_quickly_as_one(library):
    copies = [
        make_item(
            WEDDING + timedelta(seconds=n % 5), "", fingerprint="5a5a5a5a5a5a5a5a", name=f"c{n}"
        )
        for n in range(3000)
    ]
    save_items(library, *copies)
    (memory,) = curate_day(library, date(2021, 6, 15)).memories
    assert (len(memory.items), memory.item_count) == (1, 1)
