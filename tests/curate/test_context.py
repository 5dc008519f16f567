"""Evidence that reaches beyond an item: its day's calendar."""

from dataclasses import replace
from datetime import date, datetime

from gentle_memories.curate.curation import curate_day
from tests.conftest import make_item, save_items


def calendar_entry(day: datetime, summary: str):
    return replace(make_item(day, summary), kind="calendar", source="ics", offered=False)


def test_a_calendar_entry_marks_the_photos_of_its_day(library):
    save_items(
        library,
        calendar_entry(datetime(2019, 3, 14), "Funeral for Grandpa"),
        make_item(datetime(2019, 3, 14, 16, 30), ""),
        make_item(datetime(2018, 3, 14, 12), "Kite flying"),
    )
    day = curate_day(library, date(2021, 3, 14))
    assert day.hard_day is True
    funeral, kites = day.memories
    assert funeral.decision in ("hold", "ask")
    assert any(
        "your calendar that day says \u201cFuneral for Grandpa\u201d" in r for r in funeral.reasons
    )
    assert [m.item.kind for m in funeral.items] == ["photo"]
    assert kites.decision == "show"


def test_a_painful_calendar_day_without_photos_is_still_a_hard_day(library):
    save_items(
        library,
        calendar_entry(datetime(2019, 3, 14), "Funeral for Grandpa"),
        make_item(datetime(2018, 3, 14, 12), "Kite flying"),
    )
    day = curate_day(library, date(2021, 3, 14))
    assert day.hard_day is True
    assert day.hard_day_reasons == [
        "2 years ago, your calendar said \u201cFuneral for Grandpa\u201d"
    ]
    assert [m.decision for m in day.memories] == ["show"]
