"""The pages as HTML: only curation's decisions, and nothing of a veiled or held memory."""

from __future__ import annotations

import re

from gentle_memories.curate.curation import curate_day
from tests.deliver.web.conftest import (
    ASK_FIRST,
    FRIEND,
    HAPPY,
    HIDDEN_DAY,
    PAINFUL,
    STORY_DAY,
    Story,
    client,
    page_token,
)

ON = {"date": STORY_DAY.isoformat()}
NAMING = ("hard day", "pregnan", "loss", "caption speaks", "held back:", "asks first")
DETAILS = re.compile(r"<details\b.*?</details>", re.S)
SUMMARY = re.compile(r"<summary>.*?</summary>", re.S)


def main(html: str) -> str:
    return html.split("<main")[1].split("</main>")[0]


def closed(html: str) -> str:
    """What a page (or part of one) says before anything on it is opened: of each <details>,
    only its summary."""
    return DETAILS.sub(lambda found: "".join(SUMMARY.findall(found.group())), html)


def opened_only(html: str) -> str:
    return "".join(DETAILS.findall(html))


def naming(text: str, plainly: tuple[str, ...] = ()) -> list[str]:
    """The words on a page that name what hurts, but those it may say plainly."""
    return [word for word in NAMING if word in text.lower() and word not in plainly]


def test_cards_come_newest_year_first_and_held_ones_not_at_all(story: Story):
    html = client(story.library).get("/", params=ON).text
    offered = [m.id for m in curate_day(story.library, STORY_DAY).memories if m.decision != "hold"]
    positions = [html.index(f'id="{m}"') for m in offered]
    assert positions == sorted(positions)
    assert f'id="{story.memory(HIDDEN_DAY)}"' not in html
    assert HIDDEN_DAY.caption not in html


def test_a_veiled_memory_gives_nothing_away_anywhere_on_its_pages(story: Story):
    web = client(story.library)
    memory = story.memory(ASK_FIRST)
    for path in ("/", f"/memories/{memory}"):
        html = web.get(path, params=ON).text
        assert (
            ASK_FIRST.caption not in html
            and "Sam" not in html
            and "/media/" not in html.split(memory)[1].split("</article>")[0]
        )
    opened = web.get(f"/memories/{memory}", params={**ON, "open": memory}).text
    assert ASK_FIRST.caption in opened


def test_a_held_memory_page_says_only_that_it_is_held(story: Story):
    html = client(story.library).get(f"/memories/{story.memory(HIDDEN_DAY)}", params=ON).text
    assert "This memory is held back" in html and HIDDEN_DAY.caption not in html


def test_why_gives_the_reasons(story: Story):
    html = client(story.library).get(f"/why/{story.memory(HIDDEN_DAY)}", params=ON).text
    assert "Why this memory is held back" in html
    assert "held back: you chose to hide 14 May 2021" in html


def test_held_back_gives_reasons_when_opened_and_lets_the_person_release_or_keep(story: Story):
    web = client(story.library)
    held = web.get("/held", params=ON).text
    assert "held back: you chose to hide 14 May 2021" in opened_only(held)
    assert HIDDEN_DAY.caption not in held
    hidden, token = story.memory(HIDDEN_DAY), page_token(web)
    web.post(f"/held/{hidden}/release", data={"csrf": token, **ON})
    assert HIDDEN_DAY.caption in web.get("/", params=ON).text
    web.post(f"/held/{hidden}/keep", data={"csrf": token, **ON})
    assert HIDDEN_DAY.caption not in web.get("/", params=ON).text
    if PAINFUL.caption not in web.get("/", params=ON).text:
        assert f'id="{story.memory(PAINFUL)}"' in web.get("/held", params=ON).text


def test_settings_rules_change_what_is_offered(story: Story):
    web = client(story.library)
    token = page_token(web)
    settings = web.get("/settings").text
    for section in ("People", "Themes", "Dates and ranges", "Hard days", "Import sources"):
        assert f">{section}</h2>" in settings
    assert FRIEND.caption in web.get("/", params=ON).text
    web.post("/settings/person", data={"csrf": token, "name": "Jo", "action": "hide"})
    assert FRIEND.caption not in web.get("/", params=ON).text
    web.post("/settings/person", data={"csrf": token, "name": "Jo", "action": ""})
    assert FRIEND.caption in web.get("/", params=ON).text
    first = HAPPY[0]
    web.post("/settings/dates", data={"csrf": token, "action": "hide", "start": "2025-05-14"})
    assert first.caption not in web.get("/", params=ON).text
    bad = web.post("/settings/theme", data={"csrf": token, "theme": "sadness", "action": "hide"})
    assert bad.status_code == 400


def test_the_calendar_marks_days_with_memories(story: Story):
    html = client(story.library).get("/calendar", params={"month": "2026-05"}).text
    assert 'href="/?date=2026-05-14" class="has"' in html
    assert 'href="/?date=2026-05-15" class="has"' not in html
    assert client(story.library).get("/calendar", params={"month": "May"}).status_code == 400


def test_an_empty_day_is_quiet(story: Story):
    html = client(story.library).get("/", params={"date": "2026-01-02"}).text
    assert "No memories to offer on this day." in html
    assert "!" not in html.split("<main")[1]


def test_a_remembrance_looks_quiet_and_distinct(story: Story):
    story.library.add_rule("remember", "person", "Jo")
    html = client(story.library).get("/", params=ON).text
    card = html.split(f'id="{story.memory(FRIEND)}"')[1].split("</article>")[0]
    assert 'class="card remembrance"' in card and "Remembering Jo, 6 years ago" in card


def test_a_hard_day_feed_has_no_banner_and_names_nothing_held_or_veiled(story: Story):
    day = curate_day(story.library, STORY_DAY)
    assert day.hard_day and {m.decision for m in day.memories} == {"show", "ask", "hold"}
    html = client(story.library).get("/", params=ON).text
    assert not naming(main(html)), naming(main(html))
    for hidden in (PAINFUL, HIDDEN_DAY, ASK_FIRST):
        assert hidden.caption not in html
    assert "Sam" not in html
    assert HAPPY[0].caption in html


def test_held_back_names_a_loss_only_inside_an_entry_the_person_opens(story: Story):
    html = client(story.library).get("/held", params=ON).text
    outside = closed(main(html))
    assert not naming(outside, plainly=("hard day",)), outside
    assert PAINFUL.caption not in html and HIDDEN_DAY.caption not in html
    painful = html.split(f'id="{story.memory(PAINFUL)}"')[1].split("</li>\n")[0]
    assert "A memory from 3 years ago" in painful and "14 May 2023, set aside" in painful
    assert "held back: the caption speaks of a pregnancy loss" in opened_only(painful)
    assert "This may be a hard day." in outside
    assert "3 years ago, this day held a pregnancy loss" in opened_only(html)


def test_settings_and_why_still_say_it_plainly(today_story: Story):
    web = client(today_story.library)
    hard_days = web.get("/settings").text.split('id="hard-days"')[1].split("</section>")[0]
    assert "3 years ago, this day held a pregnancy loss" in hard_days
    why = web.get(f"/why/{today_story.memory(PAINFUL)}").text
    assert "held back: the caption speaks of a pregnancy loss" in closed(main(why))
