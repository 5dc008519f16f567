"""A small life in photos, built in code, and the real server over it.

The story around a day: happy years, one year the care model should hold back, one
day the person hid, one dinner with someone they asked to be asked about first, and
one friend the Settings tests change their mind about.
"""

from __future__ import annotations

import dataclasses
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gentle_memories.curate.memory_id import MemoryId
from gentle_memories.deliver.web.app import create_app
from gentle_memories.library import Library
from gentle_memories.sample import write_photo
from tests.conftest import make_item, save_items

STORY_DAY = date(2026, 5, 14)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Shot:
    years_ago: int
    caption: str
    people: tuple[str, ...] = ()


HAPPY = (
    Shot(1, "Pancakes at the lake house, everyone still in pyjamas", ("Maya",)),
    Shot(1, "Maya caught her first fish", ("Maya",)),
    Shot(2, "The apple tree finally gave us apples"),
)
PAINFUL = Shot(3, "The son we almost had. We held him for an hour.")
ASK_FIRST = Shot(4, "Dinner with Sam at the good pasta place", ("Sam",))
HIDDEN_DAY = Shot(5, "A long walk by the river")
FRIEND = Shot(6, "First swim of the year with Jo, cold and perfect", ("Jo",))
STORY = (*HAPPY, PAINFUL, ASK_FIRST, HIDDEN_DAY, FRIEND)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Story:
    day: date
    library: Library

    def memory(self, shot: Shot) -> str:
        return str(MemoryId("on_this_day", years_before(self.day, shot.years_ago)))


def build_story(library: Library, photos: Path, day: date) -> Story:
    """Real JPEGs on disk, saved as items whose uri is the file, and the person's rules."""
    items = []
    for number, shot in enumerate(STORY):
        when = years_before(day, shot.years_ago)
        taken = datetime(when.year, when.month, when.day, 10 + number, 30)
        path = write_photo(photos / f"IMG_{number}.jpg", taken, shot.caption, list(shot.people))
        item = make_item(taken, shot.caption, list(shot.people), name=f"IMG_{number}")
        items.append(dataclasses.replace(item, uri=str(path)))
    save_items(library, *items)
    library.add_rule("ask", "person", "Sam")
    hidden = years_before(day, HIDDEN_DAY.years_ago)
    library.add_rule("hide", "dates", date_from=hidden, date_to=hidden)
    return Story(day, library)


@pytest.fixture
def story(library: Library, tmp_path: Path) -> Story:
    return build_story(library, tmp_path / "photos", STORY_DAY)


@pytest.fixture
def today_story(library: Library, tmp_path: Path) -> Story:
    """The story around today, for the browser, which opens the page without a date."""
    return build_story(library, tmp_path / "photos", date.today())


def client(library: Library, host: str = "127.0.0.1", password: str | None = None) -> TestClient:
    return TestClient(create_app(library, host, password), base_url="http://127.0.0.1")


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def page_token(web: TestClient) -> str:
    """The token this client's forms carry (Settings always has forms)."""
    return csrf_token(web.get("/settings").text)


@contextmanager
def live_server(library: Library) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, for as long as the block runs."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(library), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, today_story: Story):
    """A fresh browser tab (no cookies) on the story's server, with its base URL."""
    with live_server(today_story.library) as url:
        context = browser.new_context(base_url=url, viewport={"width": 900, "height": 1200})
        context.set_default_timeout(10_000)
        tab = context.new_page()
        yield tab
        context.close()
