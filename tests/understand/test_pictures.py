"""Picture evidence: a scene counts by rank against what fools it; it holds if corroborated."""

from __future__ import annotations

from datetime import datetime

from gentle_memories.library.records import Signal
from gentle_memories.understand import pictures
from gentle_memories.understand.pictures import (
    EVERYDAY,
    MATERNITY,
    matches,
    refresh_picture_signals,
)
from tests.conftest import make_item, save_items

BED = pictures.SCENES[0]


def test_a_birth_ward_nearer_to_the_maternity_ward_than_to_a_hospital_bed_does_not_count():
    ranked = {
        BED.phrasings[0]: ["ward", "sick"],
        BED.phrasings[1]: ["sick", "ward"],
        MATERNITY: ["ward"],
    }
    assert matches(ranked) == [("sick", "hospital_bed")]


def test_one_phrasing_alone_is_chance_and_a_picture_first_for_any_words_is_a_hub():
    assert matches({BED.phrasings[0]: ["sick"]}) == []
    hub = {BED.phrasings[0]: ["hub"], BED.phrasings[1]: ["hub"], EVERYDAY[0]: ["hub"]}
    assert matches(hub) == []


def picture_signals(library, ids) -> dict[str, list[Signal]]:
    found = library.signals_for(ids)
    return {i: [s for s in found.get(i, []) if s.kind == "picture"] for i in ids}


def test_alone_a_picture_asks_and_two_moments_of_one_event_hold(library):
    limits = pictures.care_model.current().thresholds
    lone, *stay = save_items(
        library,
        make_item(datetime(2021, 3, 2, 12), name="lone"),
        make_item(datetime(2022, 3, 2, 9), name="morning"),
        make_item(datetime(2022, 3, 2, 10), name="noon"),
    )
    library.replace_scene_matches(
        datetime(2021, 1, 1).date(),
        datetime(2022, 12, 31).date(),
        [(lone, "hospital_bed"), (stay[0], "hospital_bed"), (stay[1], "hospital_drip")],
    )
    refresh_picture_signals(library)
    found = picture_signals(library, [lone, *stay])
    assert [(s.score, s.reason) for s in found[lone]] == [
        (limits.painful, "a photo looks like a hospital room")
    ]
    assert found[stay[0]][0].score == limits.strong
    assert found[stay[0]][0].reason == "several photos of the same event look like a hospital room"


def test_an_ultrasound_print_says_nothing_alone_and_holds_beside_words_of_loss(library):
    limits = pictures.care_model.current().thresholds
    announcement, loss, _ = save_items(
        library,
        make_item(datetime(2021, 6, 1, 12), name="announcement"),
        make_item(datetime(2022, 6, 1, 12), name="scan"),
        make_item(datetime(2022, 6, 1, 12, 30), "Not the news we hoped for"),
    )
    library.replace_scene_matches(
        datetime(2021, 1, 1).date(),
        datetime(2022, 12, 31).date(),
        [(announcement, "ultrasound"), (loss, "ultrasound")],
    )
    refresh_picture_signals(library)
    found = picture_signals(library, [announcement, loss])
    assert found[announcement] == []
    assert [s.score for s in found[loss]] == [limits.strong]
    assert "the words of that day speak of a hard time" in found[loss][0].reason
