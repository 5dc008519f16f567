"""The story viewer in a real browser: one shot at a time, by keyboard, pointer and clock."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.wording import long_date
from gentle_memories.importing import run_import
from gentle_memories.sample import write_photo
from gentle_memories.understand.understanding import understand
from tests.deliver.web.conftest import ASK_FIRST, HAPPY, Story, live_server, years_before
from tests.deliver.web.test_browser import card, screenshot
from tests.encoded_video import write_video

SHORT_MS = 600
LABELS = {"photo": "Photo", "video": "Video"}


@pytest.fixture
def with_video(today_story: Story, tmp_path: Path) -> list[str]:
    """A year ago: the story's two photos, then a video and a photo nobody wrote about,
    imported as a person would; returns what the viewer should call each shot, in order."""
    when = years_before(today_story.day, HAPPY[0].years_ago)
    folder = tmp_path / "phone"
    write_video(folder / f"VID_{when:%Y%m%d}_120000.mp4", ["#2f5d62", "#c9b48a"], seconds=4)
    write_photo(folder / "IMG_later.jpg", datetime(when.year, when.month, when.day, 13, 0))
    summary = run_import(today_story.library, [folder])
    assert summary.imported == 2 and not summary.no_poster
    understand(today_story.library)
    (memory,) = [
        m
        for m in curate_day(today_story.library, today_story.day).memories
        if m.id == today_story.memory(HAPPY[0])
    ]
    return [LABELS[m.item.kind] for m in memory.items]


def _quicken(page: Page, interval_ms: int) -> None:
    """Each photo's time in the viewer, shortened as the page lets a test do."""
    page.evaluate(
        "ms => document.querySelectorAll('template.viewer-source')"
        ".forEach(t => (t.dataset.interval = ms))",
        str(interval_ms),
    )


def _open(page: Page, story: Story, shot, interval_ms: int | None = None):
    page.goto("/")
    if interval_ms:
        _quicken(page, interval_ms)
    link = card(page, story, shot).get_by_role("link", name="View full screen")
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog, link


def _status(dialog) -> object:
    return dialog.locator("[aria-live='polite']")


def test_a_memory_opens_as_a_dialog_and_the_arrow_keys_move_through_it(
    page: Page, today_story: Story, with_video: list[str]
):
    page.emulate_media(reduced_motion="reduce")
    dialog, link = _open(page, today_story, HAPPY[0])
    count = len(with_video)
    assert count == 4
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog).to_have_accessible_name("1 year ago")
    expect(dialog.locator(".viewer-bar")).to_have_count(count)
    expect(_status(dialog)).to_have_text(f"{with_video[0]} 1 of {count}")
    expect(dialog.get_by_role("img", name=HAPPY[0].caption)).to_be_visible()
    for name in ("Close", "Previous", "Play", "Next"):
        expect(dialog.get_by_role("button", name=name, exact=True)).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('dialog[open] .viewer-shot:not([hidden]) img').naturalWidth"
    )
    screenshot(page, "viewer.png")

    page.keyboard.press("ArrowRight")
    expect(_status(dialog)).to_have_text(f"{with_video[1]} 2 of {count}")
    expect(dialog.get_by_role("img", name=HAPPY[1].caption)).to_be_visible()
    expect(dialog.get_by_role("img", name=HAPPY[0].caption)).to_be_hidden()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(_status(dialog)).to_have_text(f"{with_video[3]} 4 of {count}")
    page.keyboard.press("ArrowRight")
    expect(_status(dialog)).to_have_text(f"{with_video[3]} 4 of {count}")
    page.keyboard.press("ArrowLeft")
    expect(_status(dialog)).to_have_text(f"{with_video[2]} 3 of {count}")

    inside = "() => document.querySelector('dialog[open]').contains(document.activeElement)"
    for key in ["Tab"] * 7 + ["Shift+Tab"] * 7:
        page.keyboard.press(key)
        assert page.evaluate(inside), f"focus left the viewer after {key}"

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(link).to_be_focused()


def test_every_shot_has_words_a_screen_reader_can_say(
    page: Page, today_story: Story, with_video: list[str]
):
    dialog, _link = _open(page, today_story, HAPPY[0])
    when = long_date(years_before(today_story.day, 1))
    expect(dialog.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Pause").click()
    named = []
    for number in range(1, len(with_video) + 1):
        expect(_status(dialog)).to_contain_text(f" {number} of ")
        media = dialog.locator(".viewer-shot:not([hidden])").locator("img, video")
        named.append(media.get_attribute("alt") or media.get_attribute("aria-label"))
        page.keyboard.press("ArrowRight")
    assert set(named) == {
        HAPPY[0].caption,
        HAPPY[1].caption,
        f"Video from {when}",
        f"Photo from {when}",
    }
    text = dialog.inner_text()
    assert "!" not in text


def test_it_moves_on_by_itself_and_waits_while_hovered_paused_or_hidden(
    page: Page, today_story: Story, with_video: list[str]
):
    page.mouse.move(2, 2)
    dialog, _link = _open(page, today_story, HAPPY[0], interval_ms=SHORT_MS)
    status = _status(dialog)
    fill = dialog.locator(".viewer-bar > span").first
    expect(status).to_have_text(f"{with_video[1]} 2 of 4", timeout=SHORT_MS * 4)
    assert "scaleX(1)" in fill.evaluate("el => el.style.transform")

    dialog.locator(".viewer-shots").hover()
    page.wait_for_timeout(SHORT_MS * 2)
    expect(status).to_have_text(f"{with_video[1]} 2 of 4")
    page.mouse.move(2, 2)
    expect(status).to_have_text(f"{with_video[2]} 3 of 4", timeout=SHORT_MS * 4)

    page.keyboard.press("ArrowLeft")
    dialog.get_by_role("button", name="Pause").click()
    expect(dialog.get_by_role("button", name="Play")).to_be_visible()
    page.wait_for_timeout(SHORT_MS * 2)
    expect(status).to_have_text(f"{with_video[1]} 2 of 4")
    dialog.get_by_role("button", name="Play").click()
    page.mouse.move(2, 2)
    expect(status).to_have_text(f"{with_video[2]} 3 of 4", timeout=SHORT_MS * 4)

    page.keyboard.press("ArrowLeft")
    page.evaluate(
        "() => { Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        " document.dispatchEvent(new Event('visibilitychange')); }"
    )
    page.wait_for_timeout(SHORT_MS * 2)
    expect(status).to_have_text(f"{with_video[1]} 2 of 4")


def test_a_photo_on_the_card_opens_at_itself_and_the_story_rests_at_its_end(
    page: Page, today_story: Story, with_video: list[str]
):
    page.goto("/")
    _quicken(page, SHORT_MS)
    photos = card(page, today_story, HAPPY[0]).locator(".items > li")
    photos.nth(3).get_by_role("link").click()
    page.mouse.move(2, 2)
    dialog = page.get_by_role("dialog")
    status = _status(dialog)
    expect(status).to_have_text(f"{with_video[3]} 4 of 4")
    expect(dialog.get_by_role("button", name="Play")).to_be_visible(timeout=SHORT_MS * 4)
    page.wait_for_timeout(SHORT_MS)
    expect(status).to_have_text(f"{with_video[3]} 4 of 4")
    dialog.get_by_role("button", name="Play").click()
    expect(status).to_have_text(f"{with_video[0]} 1 of 4")
    expect(dialog.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press("Escape")
    expect(photos.nth(3).get_by_role("link")).to_be_focused()


def test_a_swipe_moves_and_reduced_motion_keeps_it_still(
    page: Page, today_story: Story, with_video: list[str]
):
    page.emulate_media(reduced_motion="reduce")
    dialog, _link = _open(page, today_story, HAPPY[0], interval_ms=SHORT_MS)
    status = _status(dialog)
    page.wait_for_timeout(SHORT_MS * 2)
    expect(status).to_have_text(f"{with_video[0]} 1 of 4")
    box = dialog.get_by_role("img", name=HAPPY[0].caption).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    expect(status).to_have_text(f"{with_video[1]} 2 of 4")
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    page.mouse.up()
    expect(status).to_have_text(f"{with_video[0]} 1 of 4")


def test_a_video_plays_muted_inline_with_the_poster_taken_at_import(
    page: Page, today_story: Story, with_video: list[str]
):
    dialog, _link = _open(page, today_story, HAPPY[0])
    dialog.get_by_role("button", name="Pause").click()
    for _ in range(with_video.index("Video")):
        page.keyboard.press("ArrowRight")
    video = dialog.locator(".viewer-shot:not([hidden]) video")
    poster = video.get_attribute("poster")
    assert poster
    got = page.request.get(poster)
    assert got.status == 200 and got.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(got.body())).size == (320, 240)
    assert video.evaluate("v => v.muted && v.playsInline")
    dialog.get_by_role("button", name="Play").click()
    page.mouse.move(2, 2)
    page.wait_for_function(
        "() => document.querySelector('dialog[open] .viewer-shot:not([hidden]) video')"
        ".currentTime > 0.3"
    )
    video.evaluate("v => v.pause()")
    dialog.get_by_role("button", name="Pause").click()
    screenshot(page, "viewer-video.png")
    page.goto("/")
    in_card = card(page, today_story, HAPPY[0]).locator("video")
    assert page.request.get(in_card.get_attribute("poster")).status == 200


def test_a_veiled_memory_opens_in_the_viewer_only_after_show_it(page: Page, today_story: Story):
    page.goto("/")
    veiled = card(page, today_story, ASK_FIRST)
    expect(veiled.get_by_role("link", name="View full screen")).to_have_count(0)
    assert veiled.locator("template").count() == 0
    assert ASK_FIRST.caption not in page.content()

    veiled.get_by_role("link", name="Show it").click()
    opened = card(page, today_story, ASK_FIRST)
    opened.get_by_role("link", name="View full screen").click()
    dialog = page.get_by_role("dialog", name="4 years ago")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("img", name=ASK_FIRST.caption)).to_be_visible()
    expect(_status(dialog)).to_have_text("Photo 1 of 1")
    expect(dialog.get_by_role("button", name="Play")).to_be_visible()
    assert "!" not in dialog.inner_text()
    dialog.get_by_role("button", name="Close").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(opened.get_by_role("link", name="View full screen")).to_be_focused()
    page.goto("/")
    expect(card(page, today_story, ASK_FIRST).get_by_role("link", name="Show it")).to_be_visible()


def test_without_javascript_the_link_opens_the_memory_page(browser, today_story: Story):
    with live_server(today_story.library) as url:
        context = browser.new_context(base_url=url, java_script_enabled=False)
        tab = context.new_page()
        tab.goto("/")
        card(tab, today_story, HAPPY[0]).get_by_role("link", name="View full screen").click()
        expect(tab).to_have_url(
            f"{url}/memories/{today_story.memory(HAPPY[0])}?date={today_story.day.isoformat()}"
        )
        expect(tab.get_by_role("img", name=HAPPY[1].caption)).to_be_visible()
        expect(tab.get_by_role("dialog")).to_have_count(0)
        context.close()
