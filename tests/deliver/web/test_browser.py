"""The page in a real browser (Debian's chromium): what a person sees and what their taps do."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.wording import VEILED_SENTENCE
from tests.deliver.web.conftest import ASK_FIRST, FRIEND, HAPPY, HIDDEN_DAY, PAINFUL, Story

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def screenshot(target, name: str, **options) -> None:
    """Refresh the README's screenshots when asked to (GENTLE_MEMORIES_SCREENSHOTS=1)."""
    if os.environ.get("GENTLE_MEMORIES_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=SCREENSHOTS / name, animations="disabled", **options)


def card(page: Page, story: Story, shot) -> object:
    return page.locator(f"li#{story.memory(shot)}")


def test_the_feed_shows_the_happy_years_and_not_the_held_ones(page: Page, today_story: Story):
    page.goto("/")
    for shot in HAPPY:
        expect(page.get_by_text(shot.caption)).to_be_visible()
    expect(page.get_by_role("img", name=HAPPY[0].caption)).to_be_visible()
    decided = {m.id: m.decision for m in curate_day(today_story.library, today_story.day).memories}
    assert decided[today_story.memory(HIDDEN_DAY)] == "hold"
    for memory, decision in decided.items():
        expect(page.locator(f"li#{memory}")).to_have_count(0 if decision == "hold" else 1)
    html = page.content()
    for held in (HIDDEN_DAY, PAINFUL):
        if decided[today_story.memory(held)] != "show":
            assert held.caption not in html
    screenshot(page, "today.png", full_page=True)


def test_a_veiled_card_shows_nothing_until_show_it(page: Page, today_story: Story):
    page.goto("/")
    veiled = card(page, today_story, ASK_FIRST)
    expect(veiled).to_contain_text(VEILED_SENTENCE)
    expect(veiled.get_by_role("img")).to_have_count(0)
    html = page.content()
    assert ASK_FIRST.caption not in html and "Sam" not in html
    screenshot(veiled, "veiled.png")

    veiled.get_by_role("link", name="Show it").click()
    opened = card(page, today_story, ASK_FIRST)
    expect(opened.get_by_text(ASK_FIRST.caption)).to_be_visible()
    expect(opened.get_by_role("img", name=ASK_FIRST.caption)).to_be_visible()
    expect(opened).to_contain_text("Next time it will ask first again")


def test_never_takes_it_off_the_feed_and_puts_it_under_held_back(page: Page, today_story: Story):
    page.goto("/")
    card(page, today_story, ASK_FIRST).get_by_role("button", name="Never").click()
    expect(page.get_by_role("status")).to_contain_text("It will not be offered again")
    expect(card(page, today_story, ASK_FIRST)).to_have_count(0)
    expect(page.get_by_text(HAPPY[0].caption)).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Held back").first.click()
    held = page.locator(f"li#{today_story.memory(ASK_FIRST)}")
    reason = held.get_by_text("you chose to hide this memory")
    expect(reason).to_be_hidden()
    held.get_by_text("Why it is set aside").click()
    expect(reason).to_be_visible()
    assert ASK_FIRST.caption not in page.content()

    held.get_by_role("button", name="Release it").click()
    expect(page.get_by_role("status")).to_contain_text("Released")
    page.goto("/")
    expect(card(page, today_story, ASK_FIRST)).to_contain_text(VEILED_SENTENCE)


def test_a_hard_day_reads_calmly_and_held_back_names_the_loss_only_when_opened(
    page: Page, today_story: Story
):
    assert curate_day(today_story.library, today_story.day).hard_day
    page.goto("/")
    expect(page.get_by_text(HAPPY[0].caption)).to_be_visible()
    feed = page.locator("main").inner_text().lower()
    assert "hard day" not in feed and "loss" not in feed and "pregnan" not in feed

    page.goto("/held")
    entry = page.locator(f"li#{today_story.memory(PAINFUL)}")
    expect(entry.get_by_role("heading")).to_have_text("A memory from 3 years ago")
    expect(entry).to_contain_text("set aside")
    shown = page.locator("main").inner_text()
    assert "This may be a hard day." in shown
    assert "loss" not in shown.lower() and PAINFUL.caption not in page.content()
    reason = entry.get_by_text("held back: the caption speaks of a pregnancy loss")
    expect(reason).to_be_hidden()
    entry.get_by_text("Why it is set aside").click()
    expect(reason).to_be_visible()
    page.get_by_text("This may be a hard day.").click()
    expect(page.get_by_text("3 years ago, this day held a pregnancy loss")).to_be_visible()
    assert PAINFUL.caption not in page.content()


def test_not_now_sets_it_aside_until_next_year(page: Page, today_story: Story):
    page.goto("/")
    card(page, today_story, ASK_FIRST).get_by_role("button", name="Not now").click()
    expect(page.get_by_role("status")).to_contain_text("again on this day next year")
    expect(card(page, today_story, ASK_FIRST)).to_have_count(0)
    (snooze,) = [r for r in today_story.library.rules() if r.action == "snooze"]
    assert snooze.until == today_story.day.replace(year=today_story.day.year + 1)


def test_a_rule_made_in_settings_changes_the_feed(page: Page, today_story: Story):
    page.goto("/")
    expect(page.get_by_text(FRIEND.caption)).to_be_visible()
    page.goto("/settings")
    jo = page.locator("section#people form", has=page.get_by_label("Jo"))
    jo.get_by_label("Jo").select_option(label="Hold back")
    jo.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(jo.get_by_label("Jo")).to_have_value("hide")
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_text(HAPPY[0].caption)).to_be_visible()
    expect(card(page, today_story, FRIEND)).to_have_count(0)


def test_fewer_like_this_says_what_it_will_do_then_does_it(page: Page, today_story: Story):
    page.goto("/")
    happy = card(page, today_story, HAPPY[0])
    happy.get_by_text("Fewer like this").click()
    choice = happy.get_by_label("Ask me first before showing memories with Maya")
    choice.check()
    happy.get_by_role("button", name="Make this rule").click()
    expect(page.get_by_role("status")).to_contain_text("Your rule is saved")
    expect(card(page, today_story, HAPPY[0])).to_contain_text(VEILED_SENTENCE)
    assert [(r.action, r.target, r.value) for r in today_story.library.rules()][-1] == (
        "ask",
        "person",
        "Maya",
    )


def test_reading_works_without_javascript(browser, today_story: Story):
    from tests.deliver.web.conftest import live_server

    with live_server(today_story.library) as url:
        context = browser.new_context(base_url=url, java_script_enabled=False)
        tab = context.new_page()
        tab.goto("/")
        expect(tab.get_by_text(HAPPY[0].caption)).to_be_visible()
        card(tab, today_story, ASK_FIRST).get_by_role("button", name="Never").click()
        expect(tab.get_by_role("status")).to_contain_text("It will not be offered again")
        tab.goto("/calendar")
        expect(tab.get_by_role("table")).to_be_visible()
        context.close()
