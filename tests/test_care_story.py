"""The story this project exists for: a pregnancy loss, and its anniversaries, beside happy years.

Hospital photos over several nights, most without captions, one saying "the son we
almost had", a post a day later about grief. On the anniversary the engine holds
every item of that stay, says why, reports a hard day, and still shows the happy years;
the plain text view counts what it holds and names nothing until asked.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from gentle_memories.sample import write_photo
from tests.conftest import memories, today_json

HOSPITAL = (51.4988, -0.1167)
HOME = (51.5400, -0.1400)


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Path:
    """The library home after importing the story's photo folder."""
    root = tmp_path_factory.mktemp("story")
    photos = root / "Phone"
    shots = [
        (datetime(2020, 9, 28, 22, 10), "", HOSPITAL),
        (datetime(2020, 9, 29, 3, 40), "", HOSPITAL),
        (datetime(2020, 9, 29, 23, 5), "The son we almost had.", HOSPITAL),
        (datetime(2020, 9, 30, 9, 20), "", HOSPITAL),
        (datetime(2020, 9, 30, 11, 0), "", HOSPITAL),
        (
            datetime(2020, 10, 1, 21, 30),
            "I keep reaching for a life that was almost ours. Grief is a strange quiet.",
            HOME,
        ),
        (datetime(2019, 9, 29, 14, 0), "Keys to our first flat", HOME),
        (datetime(2018, 9, 29, 16, 0), "Beach day, sandy sandwiches", None),
        (datetime(2021, 9, 29, 10, 0), "Apple picking with the whole family", None),
    ]
    for taken, caption, gps in shots:
        write_photo(photos / f"IMG_{taken:%Y%m%d_%H%M%S}.jpg", taken, caption, gps=gps)
    home = root / "home"
    memories(home, "import", str(photos))
    return home


def test_the_anniversary_holds_the_stay_says_why_and_shows_the_happy_years(story):
    day = today_json(story, "2022-09-29")
    assert day["hard_day"] is True
    by_year = {m["items"][0]["local_date"][:4]: m for m in day["memories"]}
    assert sorted(by_year) == ["2018", "2019", "2020", "2021"]
    stay = by_year["2020"]
    assert stay["decision"] == "hold"
    assert len(stay["items"]) == 2
    assert all("pregnancy_loss" in i["themes"] for i in stay["items"])
    assert any("pregnancy loss" in r for r in stay["reasons"]), stay["reasons"]
    assert stay["title"] == "A memory from 2 years ago"
    assert [by_year[y]["decision"] for y in ("2021", "2019", "2018")] == ["show"] * 3


def test_the_uncaptioned_nights_of_the_stay_are_held_on_their_own_anniversaries(story):
    for date in ("2022-09-28", "2022-09-30"):
        day = today_json(story, date)
        (stay,) = [m for m in day["memories"] if m["items"][0]["local_date"].startswith("2020")]
        assert stay["decision"] == "hold", (date, stay)
        assert all(i["caption"] == "" for i in stay["items"])
        assert any("same time and place" in r for r in stay["reasons"]), stay["reasons"]
        assert day["hard_day"] is True


def test_the_post_about_grief_a_day_later_is_not_offered(story):
    day = today_json(story, "2021-10-01")
    (post,) = day["memories"]
    assert post["decision"] in ("hold", "ask")
    assert day["hard_day"] is True


NAMING = ("hard day", "pregnan", "loss", "grief", "hospital", "caption speaks", "held back")


def test_the_text_view_on_the_anniversary_counts_the_stay_and_names_nothing(story):
    text = memories(story, "today", "--date", "2022-09-29")
    assert "Apple picking with the whole family" in text
    assert "The son we almost had" not in text
    assert not [word for word in NAMING if word in text.lower()], text
    assert text.rstrip().endswith(
        "1 memory is set aside. `memories today --date 2022-09-29 --held` shows it and why."
    )


def test_asked_on_purpose_the_text_view_says_the_day_is_hard_and_why_the_stay_is_held(story):
    text = memories(story, "today", "--date", "2022-09-29", "--held")
    assert "This may be a hard day." in text
    assert "2 years ago, this day held a pregnancy loss" in text
    assert "A memory from 2 years ago (otd-2020-09-29)" in text
    assert "held back: the caption speaks of a pregnancy loss" in text
    assert "Apple picking with the whole family" in text
    assert "The son we almost had" not in text
    assert "set aside. `memories" not in text
    explained = memories(story, "explain", "otd-2020-09-29", "--date", "2022-09-29")
    assert "reason: held back: the caption speaks of a pregnancy loss" in explained


def test_the_post_about_grief_is_not_named_in_the_text_view_either(story):
    text = memories(story, "today", "--date", "2021-10-01")
    assert "a life that was almost ours" not in text
    assert not [word for word in NAMING if word in text.lower()], text
