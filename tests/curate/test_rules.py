"""The person's rules, applied by the one curation function, each saying why."""

from datetime import date, datetime

from gentle_memories.curate.curation import curate_day
from gentle_memories.items import Place
from tests.conftest import make_item, save_items

DAY = date(2021, 9, 30)


def decisions(library, day=DAY) -> dict[str, str]:
    return {m.title: m.decision for m in curate_day(library, day).memories}


def test_hiding_a_date_range_holds_that_year_and_says_why(library):
    save_items(
        library,
        make_item(datetime(2020, 9, 30, 11), "Lunch"),
        make_item(datetime(2019, 9, 30, 11), "Brunch"),
    )
    library.add_rule("hide", "dates", date_from=date(2020, 9, 27), date_to=date(2020, 10, 2))
    day = curate_day(library, DAY)
    held, shown = day.memories
    assert (held.decision, shown.decision) == ("hold", "show")
    assert held.title == "A memory from 1 year ago"
    assert held.reasons == ["held back: you chose to hide 27 September 2020 to 2 October 2020"]
    assert day.hard_day is True


def test_hiding_a_person_holds_their_whole_event(library):
    at_the_place = Place(52.37, 4.89)
    save_items(
        library,
        make_item(datetime(2020, 9, 30, 19), "Dinner", people=["Sam"], place=at_the_place),
        make_item(datetime(2020, 9, 30, 22), "The view from the terrace", place=at_the_place),
        make_item(datetime(2019, 9, 30, 12), "Sam at the office", people=["Sam"]),
        make_item(datetime(2018, 9, 30, 12), "A quiet walk"),
    )
    library.add_rule("hide", "person", "sam")
    day = curate_day(library, DAY)
    assert [m.decision for m in day.memories] == ["hold", "hold", "show"]
    first = day.memories[0]
    assert len(first.items) == 2
    assert first.reasons == ["held back: sam was there, and you chose to hide sam"]
    assert day.hard_day is False


def test_ask_first_veils_and_show_of_the_memory_releases_it(library):
    save_items(library, make_item(datetime(2020, 9, 30, 19), "Dinner", people=["Alex"]))
    library.add_rule("ask", "person", "Alex")
    (memory,) = curate_day(library, DAY).memories
    assert memory.decision == "ask"
    assert memory.title == "A memory from 1 year ago"
    library.add_rule("show", "memory", memory.id)
    (memory,) = curate_day(library, DAY).memories
    assert memory.decision == "show"
    assert "you chose to see this memory" in memory.reasons


def test_remembering_a_person_makes_a_gentle_remembrance(library):
    save_items(library, make_item(datetime(2018, 9, 30, 15), "Grandpa and his roses", ["Jack"]))
    library.add_rule("remember", "person", "Jack")
    (memory,) = curate_day(library, DAY).memories
    assert (memory.kind, memory.decision) == ("remembrance", "show")
    assert memory.title == "Remembering Jack, 3 years ago"
    assert "Jack was there, and you asked to be reminded of Jack" in memory.reasons


def test_not_now_sets_a_memory_aside_until_its_date(library):
    save_items(library, make_item(datetime(2020, 9, 30, 9), "Breakfast"))
    (memory,) = curate_day(library, DAY).memories
    library.add_rule("snooze", "memory", memory.id, until=date(2022, 9, 1))
    (held,) = curate_day(library, DAY).memories
    assert held.decision == "hold"
    assert held.reasons == ["held back: not now: you asked to see this again from 1 September 2022"]
    assert curate_day(library, date(2022, 9, 30)).memories[0].decision == "show"


def test_hiding_an_item_leaves_the_rest_and_forgetting_the_rule_undoes_it(library):
    kept_id, hidden_id = save_items(
        library,
        make_item(datetime(2020, 9, 30, 9), "Breakfast"),
        make_item(datetime(2020, 9, 30, 10), "The broken vase"),
    )
    rule = library.add_rule("hide", "item", hidden_id)
    (memory,) = curate_day(library, DAY).memories
    assert [m.item.id for m in memory.items] == [kept_id]
    assert memory.decision == "show"
    library.add_rule("hide", "item", kept_id)
    (memory,) = curate_day(library, DAY).memories
    assert memory.decision == "hold"
    assert library.forget_rule(rule.id)
    (memory,) = curate_day(library, DAY).memories
    assert [m.item.id for m in memory.items] == [hidden_id]


def test_every_rule_target_changes_a_decision(library):
    """A rule the CLI and the API accept must change what curation decides: a hide on
    each target holds the memory it names, and nothing else."""
    ids = save_items(
        library,
        make_item(datetime(2020, 9, 30, 11), "Lunch by the lake", people=["Ana"]),
        make_item(datetime(2019, 9, 30, 11), "Brunch in town"),
    )
    lunch = library.item(ids[0])
    targets = {
        "person": "Ana",
        "item": lunch.id,
        "event": str(lunch.event_id),
        "memory": "otd-2020-09-30",
    }
    assert decisions(library) == {"1 year ago": "show", "2 years ago": "show"}
    for target, value in targets.items():
        rule = library.add_rule("hide", target, value)
        try:
            assert decisions(library) == {
                "A memory from 1 year ago": "hold",
                "2 years ago": "show",
            }, target
        finally:
            library.forget_rule(rule.id)
    for target, rule in {
        "dates": library.add_rule(
            "hide", "dates", date_from=date(2020, 9, 30), date_to=date(2020, 9, 30)
        ),
        "snooze": library.add_rule("snooze", "memory", "otd-2020-09-30", until=date(2022, 1, 1)),
    }.items():
        try:
            assert decisions(library)["A memory from 1 year ago"] == "hold", target
        finally:
            library.forget_rule(rule.id)
    save_items(
        library, make_item(datetime(2018, 9, 30, 11), "Admitted to hospital with a broken leg")
    )
    assert decisions(library)["A memory from 3 years ago"] == "ask"
    for theme in ("accident_disaster", "illness"):
        library.add_rule("show", "theme", theme)
    assert decisions(library)["3 years ago"] == "show"
