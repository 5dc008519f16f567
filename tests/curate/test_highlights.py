"""A busy day shows its best shots, spread over the day, and says how many it holds."""

from dataclasses import replace
from datetime import date, datetime, timedelta

from gentle_memories.curate.context import SHOWN_PER_DAY
from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.explain import explain
from gentle_memories.items import Item
from gentle_memories.understand.understanding import understand
from tests.conftest import library_id, make_item, memories, save_items

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


def test_a_burst_shows_once_and_explain_names_the_shot_it_collapses_into(library):
    ids = busy_day(library)
    (memory,) = curate_day(library, date(2021, 6, 15)).memories
    (kept,) = [m.item for m in memory.items if m.item.id in ids[-3:]]
    copy = next(i for i in ids[-3:] if i != kept.id)
    assert explain(library, copy, date(2021, 6, 1))[-1] == (
        f"  not offered: it collapses into the near-identical shot {kept.id} at {kept.uri}"
    )


CAKE = datetime(2019, 6, 15, 16)


def shot(seconds: int, caption: str, people: list[str], name: str, pixels: int) -> Item:
    fingerprint = f"{0xC3C3C3C3C3C3C3C3 ^ (1 << seconds):016x}"
    item = make_item(CAKE + timedelta(seconds=seconds), caption, people, fingerprint=fingerprint)
    return replace(item, uri=f"/photos/{name}.jpg", width=pixels, height=pixels)


def test_a_burst_shows_one_shot_with_the_words_and_people_only_the_others_had(library, home):
    """The sharpest frame says little; the ones it stands for say what and who."""
    burst = [
        shot(0, "Cake!", [], "sharp", 3000),
        shot(2, "Gran blowing out ninety candles", ["Gran"], "blurred", 1000),
        shot(4, "", ["Sam"], "late", 1000),
    ]
    library.save_all(burst)
    for ranked in (False, True):
        if ranked:
            understand(library)
        (memory,) = curate_day(library, date(2021, 6, 15)).memories
        assert [(m.item.uri, m.item.caption, m.item.people) for m in memory.items] == [
            ("/photos/sharp.jpg", "Gran blowing out ninety candles", ["Gran", "Sam"])
        ], f"ranked: {ranked}"
    assert memory.item_count == 1, "ranked, a burst counts once"
    (kept,) = memory.items
    assert (library.item(kept.item.id).caption, library.item(kept.item.id).people) == ("Cake!", [])
    out = memories(home, "today", "--date", "2021-06-15")
    assert "Gran blowing out ninety candles  (with Gran, Sam)" in out
    blurred = library_id(library, burst[1])
    assert library.item(blurred).caption == "Gran blowing out ninety candles", "its words stay"
    lines = explain(library, blurred, date(2021, 6, 1))
    assert lines[-2:] == [
        f"  not offered: it collapses into the near-identical shot {kept.item.id}"
        " at /photos/sharp.jpg",
        "  its words and people show with that shot",
    ]


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


def test_painful_words_on_a_frame_not_shown_are_evidence_on_the_shot_that_shows_them(library):
    ids = save_items(
        library,
        shot(0, "Dad", [], "sharp", 3000),
        shot(2, "At the hospital, the night Dad died", [], "blurred", 1000),
    )
    (memory,) = curate_day(library, date(2021, 6, 15)).memories
    (kept,) = memory.items
    assert kept.item.caption == "At the hospital, the night Dad died"
    assert ids[1] in {s.item_id for s in kept.signals}, "its words' evidence comes with them"
    assert memory.decision != "show"
