"""The `memories` command as a person or a tool uses it: contracts, exit codes, one-line errors."""

import json
from datetime import date, datetime

from gentle_memories.curate.wording import VEILED_SENTENCE
from gentle_memories.library import Library
from tests.conftest import make_item, memories, memories_fails, save_items, today_json


def test_today_json_has_the_contract_shape(home):
    library = Library.open(home)
    (item_id,) = save_items(library, make_item(datetime(2020, 9, 30, 12), "Apples", ["Maya"]))
    library.close()
    day = today_json(home, "2021-09-30")
    assert set(day) == {"date", "hard_day", "memories"}
    assert day["date"] == "2021-09-30"
    (memory,) = day["memories"]
    assert set(memory) == {"id", "kind", "title", "decision", "reasons", "items"}
    assert (memory["kind"], memory["decision"], memory["title"]) == (
        "on_this_day",
        "show",
        "1 year ago",
    )
    (item,) = memory["items"]
    assert set(item) == {
        "id",
        "taken_at",
        "local_date",
        "kind",
        "path",
        "caption",
        "people",
        "themes",
        "sensitivity",
    }
    assert (item["id"], item["local_date"], item["people"]) == (item_id, "2020-09-30", ["Maya"])
    assert item["taken_at"] == "2020-09-30T12:00:00"


def test_rules_are_made_listed_and_forgotten(home):
    assert memories(home, "rules") == "No rules yet.\n"
    assert memories(home, "hide", "dates", "2020-10-02..2020-09-27") == (
        "rule 1: hide dates 2020-09-27..2020-10-02\n"
    )
    memories(home, "ask", "theme", "breakup_divorce")
    memories(home, "remember", "person", "Jack")
    listed = memories(home, "rules").splitlines()
    assert [line.split(None, 1)[1] for line in listed] == [
        "hide dates 2020-09-27..2020-10-02",
        "ask theme breakup_divorce",
        "remember person Jack",
    ]
    memories(home, "forget-rule", "2")
    assert len(memories(home, "rules").splitlines()) == 2


def test_bad_input_is_one_line_and_exit_code_2(home, tmp_path):
    assert "not a date" in memories_fails(home, "today", "--date", "2021-02-30")
    assert "not a theme" in memories_fails(home, "hide", "theme", "sadness")
    assert "no rule 7" in memories_fails(home, "forget-rule", "7")
    assert "no item" in memories_fails(home, "hide", "item", "0123456789abcdef")
    assert "no such file" in memories_fails(home, "import", str(tmp_path / "missing"))
    assert "no item or memory" in memories_fails(home, "explain", "nope")


def test_explain_names_every_rule_and_signal_behind_a_decision(home):
    library = Library.open(home)
    (item_id,) = save_items(library, make_item(datetime(2020, 9, 30, 19), "Dinner", ["Sam"]))
    library.close()
    memories(home, "hide", "person", "Sam")
    lines = memories(home, "explain", item_id, "--date", "2021-01-01")
    assert f"item {item_id}: photo at /photos/" in lines
    assert "memory otd-2020-09-30 on 30 September 2021: hold" in lines
    assert "hold (rule 1: hide person Sam): Sam was there, and you chose to hide Sam" in lines
    by_memory = memories(home, "explain", "otd-2020-09-30", "--date", "2021-01-01")
    assert by_memory.splitlines()[0] == (
        "memory otd-2020-09-30 on 30 September 2021: hold (on_this_day, A memory from 1 year ago)"
    )


def test_text_output_never_shows_the_content_of_a_held_memory(home):
    library = Library.open(home)
    save_items(library, make_item(datetime(2020, 9, 30, 19), "Dinner with Sam", ["Sam"]))
    save_items(library, make_item(datetime(2019, 9, 30, 9), "Pancakes"))
    library.close()
    memories(home, "hide", "person", "Sam")
    text = memories(home, "today", "--date", "2021-09-30")
    assert "Pancakes" in text
    assert "Dinner with Sam" not in text and "Sam" not in text
    assert "1 memory is set aside." in text
    held = memories(home, "today", "--date", "2021-09-30", "--held")
    assert "Held back, not offered on this day:" in held
    assert "held back: Sam was there, and you chose to hide Sam" in held
    assert "Dinner with Sam" not in held
    assert (
        json.loads(memories(home, "today", "--date", "2021-09-30", "--json"))["hard_day"] is False
    )


def test_held_memories_are_counted_in_plain_words(home):
    library = Library.open(home)
    save_items(
        library,
        make_item(datetime(2019, 9, 30, 9), "Pancakes"),
        make_item(datetime(2018, 9, 30, 9), "The lake"),
        make_item(datetime(2017, 9, 30, 9), "The old garden"),
    )
    library.close()
    memories(home, "hide", "dates", "2018-09-30")
    one = memories(home, "today", "--date", "2021-09-30").splitlines()
    assert one[-1] == (
        "1 memory is set aside. `memories today --date 2021-09-30 --held` shows it and why."
    )
    memories(home, "hide", "dates", "2017-09-30")
    two = memories(home, "today", "--date", "2021-09-30").splitlines()
    assert two[-1] == (
        "2 memories are set aside. `memories today --date 2021-09-30 --held` shows them and why."
    )
    assert "The lake" not in "\n".join(two) and "The old garden" not in "\n".join(two)
    assert "you chose to hide" not in "\n".join(two)


def test_on_a_day_with_nothing_held_no_count_is_said_and_held_says_so(home):
    library = Library.open(home)
    save_items(library, make_item(datetime(2019, 9, 30, 9), "Pancakes"))
    library.close()
    text = memories(home, "today", "--date", "2021-09-30")
    assert "set aside" not in text
    held = memories(home, "today", "--date", "2021-09-30", "--held")
    assert held.rstrip().endswith("Nothing is set aside on this day.")


def test_the_count_points_at_today_s_own_command(home):
    then = date.today().replace(year=date.today().year - 4)  # a leap day has one 4 years ago
    library = Library.open(home)
    save_items(library, make_item(datetime(then.year, then.month, then.day, 9), "Pancakes"))
    library.close()
    memories(home, "hide", "dates", then.isoformat())
    last = memories(home, "today").splitlines()[-1]
    assert last == "1 memory is set aside. `memories today --held` shows it and why."


def test_a_veiled_memory_in_the_terminal_names_nothing_even_with_held(home):
    library = Library.open(home)
    save_items(library, make_item(datetime(2020, 9, 30, 19), "Dinner with Sam", ["Sam"]))
    library.close()
    memories(home, "ask", "person", "Sam")
    for extra in ((), ("--held",)):
        text = memories(home, "today", "--date", "2021-09-30", *extra)
        assert f"{VEILED_SENTENCE}." in text
        assert "Dinner" not in text and "Sam" not in text and "asks first" not in text
        assert "memory is set aside" not in text


def test_an_unknown_archive_says_what_it_holds_and_what_is_known(home, tmp_path):
    import zipfile

    archive = tmp_path / "mystery.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
            z.writestr(name, "words")
    error = memories_fails(home, "import", str(archive))
    assert "a zip of 4 files (a.txt, b.txt, c.txt, ...)" in error
    assert "it reads: takeout, instagram, facebook, dayone, calendar, folder" in error


def test_items_dated_by_file_time_are_offered_once_the_person_says_so(home):
    library = Library.open(home)
    save_items(library, make_item(datetime(2019, 5, 4, 12), "copied", confidence="file_time"))
    library.close()
    assert today_json(home, "2021-05-04")["memories"] == []
    assert "now offered" in memories(home, "file-dates", "on")
    assert len(today_json(home, "2021-05-04")["memories"]) == 1
    memories(home, "file-dates", "off")
    assert today_json(home, "2021-05-04")["memories"] == []
