"""Every kind of memory on one family's library: home photos in Berlin, two trips abroad, a
person across many years, a hard day, a hidden person, someone who died, a quiet date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from gentle_memories.curate.curation import curate_day
from gentle_memories.items import Place
from gentle_memories.library import Library
from tests.conftest import make_item, memories, save_items, today_json

BERLIN = Place(52.52, 13.40)
LISBON = Place(38.72, -9.14)
ROME = Place(41.90, 12.50)
FLORENCE = Place(43.77, 11.25)
PARIS = Place(48.86, 2.35)


def home_photos():
    """Two days a month at home, 2015 to 2024; Luna on the 20th from May 2016 on."""
    for year in range(2015, 2025):
        for month in range(1, 13):
            yield make_item(datetime(year, month, 10, 11), "Coffee on the balcony", place=BERLIN)
            luna = ["Luna"] if (year, month) > (2016, 5) else []
            yield make_item(
                datetime(year, month, 20, 16), "Afternoon in the park", luna, place=BERLIN
            )
    yield make_item(datetime(2016, 5, 12, 9), "Walk by the river", ["Luna"], place=BERLIN)


def away(start: datetime, days: int, place: Place, captions: list[str]):
    for n in range(days):
        for hour, caption in zip((10, 14, 19), captions, strict=False):
            yield make_item(
                start + timedelta(days=n, hours=hour - start.hour), caption, place=place
            )


@pytest.fixture(scope="module")
def family(tmp_path_factory):
    home = tmp_path_factory.mktemp("family") / "home"
    library = Library.open(home)
    save_items(
        library,
        *home_photos(),
        *away(
            datetime(2019, 7, 2, 10),
            3,
            LISBON,
            ["Tram ride up the hill", "Custard tarts by the sea"],
        ),
        *away(datetime(2021, 4, 11, 10), 3, ROME, ["Gelato near the Pantheon"]),
        make_item(
            datetime(2021, 4, 12, 22),
            "Emergency room after the accident, my leg is broken",
            place=ROME,
        ),
        *away(datetime(2020, 9, 30, 10), 3, PARIS, ["Eiffel tower at night"]),
        make_item(datetime(2018, 9, 30, 8), "Our baby was stillborn today", place=BERLIN),
        make_item(datetime(2018, 9, 30, 9), "Saying goodbye in the hospital", place=BERLIN),
        make_item(datetime(2022, 9, 28, 12), "Market morning", place=BERLIN),
        *(
            make_item(datetime(year, 3, 3 + n, 12), "Max at the lake", ["Max"], place=BERLIN)
            for year in range(2017, 2023)
            for n in range(4)
        ),
        *(
            make_item(datetime(year, 8, 8 + n, 12), "Sunday lunch with Grandpa", ["Grandpa"])
            for year in range(2015, 2020)
            for n in range(5)
        ),
        make_item(
            datetime(2020, 2, 12, 12), "Rest in peace Grandpa, we will miss you", ["Grandpa"]
        ),
        make_item(datetime(2020, 11, 13, 12), "Birthday cake", place=BERLIN),
        make_item(datetime(2020, 11, 14, 12), "Walk by the river", place=BERLIN),
        make_item(datetime(2019, 11, 17, 12), "Market morning", place=BERLIN),
    )
    library.add_rule("hide", "person", "Max")
    library.close()
    return home


@pytest.fixture
def library(family):
    library = Library.open(family)
    yield library
    library.close()


def kinds(day) -> dict[str, list]:
    found: dict[str, list] = {}
    for memory in day.memories:
        found.setdefault(memory.kind, []).append(memory)
    return found


def test_a_trip_comes_back_once_titled_by_its_place_and_length(library):
    (trip,) = kinds(curate_day(library, date(2026, 7, 2)))["trip"]
    assert (trip.id, trip.title, trip.decision) == (
        "trip-2019-07-02",
        "3 days in Lisbon, 2019",
        "show",
    )
    assert trip.reasons[0] == "away from home 2 to 4 July 2019, 7 years ago"
    assert {m.item.local_date for m in trip.items} == {date(2019, 7, d) for d in (2, 3, 4)}
    for later in (3, 4):
        assert "trip" not in kinds(curate_day(library, date(2026, 7, later)))


def test_a_trip_that_held_a_hospital_stay_is_held_with_its_reason(library):
    (trip,) = kinds(curate_day(library, date(2026, 4, 11)))["trip"]
    assert trip.id == "trip-2021-04-11"
    assert trip.decision == "hold"
    assert trip.title == "A memory from 5 years ago", "a held trip names no place"
    assert any("an accident or a disaster" in r for r in trip.reasons)


def test_a_person_over_the_years_on_the_anniversary_of_their_first_photo(library):
    (person,) = kinds(curate_day(library, date(2026, 5, 12)))["person_years"]
    assert person.id == "person-2016-05-12-luna"
    assert (person.title, person.decision) == ("You and Luna, 2016 to 2024", "show")
    assert person.reasons[0] == "Luna in your photos over 9 years, since 12 May 2016"
    years = [m.item.local_date.year for m in person.items]
    assert years == list(range(2016, 2025)), "the best shot of each year, oldest first"


def test_never_a_hidden_person(library):
    assert "person_years" not in kinds(curate_day(library, date(2026, 3, 3)))


def test_someone_who_died_only_as_remembrance_when_chosen(library):
    assert "person_years" not in kinds(curate_day(library, date(2026, 8, 8)))
    rule = library.add_rule("remember", "person", "Grandpa")
    try:
        found = {m.id: m for m in kinds(curate_day(library, date(2026, 8, 8)))["remembrance"]}
        memory = found["person-2015-08-08-grandpa"]
        assert (memory.title, memory.decision) == ("Remembering Grandpa, 2015 to 2020", "show")
    finally:
        library.forget_rule(rule.id)


def test_a_hard_day_offers_no_new_kind(library):
    day = curate_day(library, date(2026, 9, 30))
    assert day.hard_day
    offered = {m.kind for m in day.memories if m.decision != "hold"}
    assert offered == {"on_this_day"}, "no trip to Paris, no week around it"
    (paris,) = kinds(day)["trip"]
    assert paris.reasons == ["held back: on a hard day, only the day's own memories are offered"]
    assert not any(m.decision == "show" and m.source_date.year == 2018 for m in day.memories)


def test_a_quiet_date_offers_the_week_around_it_once_a_year(library):
    day = curate_day(library, date(2026, 11, 15))
    weeks = kinds(day)["this_week"]
    assert [(m.id, m.title) for m in weeks] == [
        ("week-2020-11-15", "This week, 6 years ago"),
        ("week-2019-11-15", "This week, 7 years ago"),
    ]
    assert (
        weeks[0].reasons[0] == "from 13 to 14 November 2020, the days around this date 6 years ago"
    )
    assert len(weeks[0].items) == 2


def test_a_date_that_holds_enough_offers_no_week(library):
    assert "this_week" not in kinds(curate_day(library, date(2026, 11, 10)))


def test_rules_work_on_every_kind_by_id_from_the_cli(family):
    memories(family, "hide", "memory", "trip-2019-07-02")
    memories(family, "ask", "memory", "person-2016-05-12-luna")
    try:
        trip = {m["id"]: m for m in today_json(family, "2026-07-02")["memories"]}
        assert trip["trip-2019-07-02"]["decision"] == "hold"
        person = {m["id"]: m for m in today_json(family, "2026-05-12")["memories"]}
        assert person["person-2016-05-12-luna"]["decision"] == "ask"
        assert person["person-2016-05-12-luna"]["title"] == "A memory from 2016 to 2024"
        explained = memories(family, "explain", "trip-2019-07-02")
        assert "memory trip-2019-07-02" in explained and "hide memory trip-2019-07-02" in explained
    finally:
        for line in memories(family, "rules").splitlines():
            if "trip-2019-07-02" in line or "person-2016-05-12-luna" in line:
                memories(family, "forget-rule", line.split()[0])


def test_today_json_gives_each_kind_its_own_kind_title_and_reasons(family):
    found = today_json(family, "2026-07-02")["memories"]
    by_kind = {m["kind"]: m for m in found}
    assert set(by_kind) == {"on_this_day", "trip"}
    trip = by_kind["trip"]
    assert trip["title"] == "3 days in Lisbon, 2019"
    assert trip["reasons"] and trip["items"][0]["local_date"] == "2019-07-02"


def test_the_api_and_the_page_serve_every_kind_by_its_id(library):
    from tests.deliver.web.conftest import client

    api = client(library)
    today = api.get("/api/today", params={"date": "2026-05-12"}).json()
    assert today == curate_day(library, date(2026, 5, 12)).to_json()
    assert {m["kind"] for m in today["memories"]} == {"on_this_day", "person_years", "this_week"}
    for memory_id, title in (
        ("trip-2019-07-02", "3 days in Lisbon, 2019"),
        ("person-2016-05-12-luna", "You and Luna, 2016 to 2024"),
    ):
        assert api.get(f"/api/memories/{memory_id}").json()["title"] == title
        page = api.get(f"/memories/{memory_id}")
        assert page.status_code == 200 and title in page.text
    assert api.get("/api/memories/trip-2019-07-03").status_code == 404


def test_not_now_never_and_release_work_on_a_trip_and_a_person_through_the_api(library):
    from tests.deliver.web.conftest import client, page_token

    api = client(library)
    token = {"x-csrf-token": page_token(api)}
    for memory_id, day in (
        ("trip-2019-07-02", "2026-07-02"),
        ("person-2016-05-12-luna", "2026-05-12"),
    ):
        on = {"date": day}

        def decision(memory_id=memory_id, on=on) -> str:
            found = api.get("/api/today", params=on).json()["memories"]
            return next(m["decision"] for m in found if m["id"] == memory_id)

        snooze = api.post(f"/api/memories/{memory_id}/not-now", params=on, headers=token).json()
        assert snooze["until"] == f"2027-{day[5:]}", "until its next anniversary"
        assert decision() == "hold"
        assert (
            api.post(f"/api/memories/{memory_id}/release", params=on, headers=token).json()[
                "decision"
            ]
            == "show"
        )
        api.post(f"/api/memories/{memory_id}/never", params=on, headers=token)
        assert decision() == "hold"
        api.post(f"/api/memories/{memory_id}/release", params=on, headers=token)
        assert decision() == "show"
