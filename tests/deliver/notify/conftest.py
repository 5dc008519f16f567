"""A life in photos around two days, a real HTTP endpoint on loopback, and fast retries.

HARD_DAY's earlier years hold a pregnancy loss (a painful caption, and the date marked
too, in case the care model misses it). ORDINARY_DAY holds two plainly happy years and
every kind of memory a notification must never name: one that asks first, one held
back, one in remembrance, and one the person had to take a photo out of.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gentle_memories.deliver.notify import schedule
from gentle_memories.library import Library
from gentle_memories.sample import write_photo
from tests.conftest import library_id, make_item, save_items

HARD_DAY = date(2026, 5, 14)
ORDINARY_DAY = date(2026, 6, 20)
HAPPY = (
    ("2025-06-20 10:00", "Pancakes at the lake house, everyone still in pyjamas", ["Maya"]),
    ("2024-06-20 15:00", "The apple tree finally gave us apples", []),
)
NEVER_NAMED = (
    ("2022-06-20 19:00", "Dinner with Sam at the good pasta place", ["Sam"]),
    ("2021-06-20 12:00", "Picnic with Alex by the canal", ["Alex"]),
    ("2019-06-20 16:00", "Tea with Grandma in her garden", ["Grandma"]),
    ("2020-06-20 17:00", "Birthday cake, candles everywhere", ["Robin"]),
    ("2020-06-20 17:30", "Opening presents on the rug", ["Robin"]),
)
ON_THE_HARD_DAY = (
    ("2023-05-14 23:05", "The son we almost had. We held him for an hour.", []),
    ("2025-05-14 11:00", "Kite flying on the hill, windy and bright", ["Maya"]),
)
FAST_RETRIES = [0.01, 0.02]


def _items(photos: Path, shots) -> list:
    items = []
    for number, (when, caption, people) in enumerate(shots):
        taken = datetime.fromisoformat(when)
        name = f"IMG_{taken:%Y%m%d_%H%M}_{number}"
        path = write_photo(photos / f"{name}.jpg", taken, caption, people, seed=number)
        items.append(
            dataclasses.replace(make_item(taken, caption, people, name=name), uri=str(path))
        )
    return items


@pytest.fixture(scope="session")
def story_template(tmp_path_factory) -> Path:
    """The story's library home, built once; each test works on its own copy."""
    root = tmp_path_factory.mktemp("notify-story")
    library = Library.open(root / "home")
    items = _items(root / "photos", (*HAPPY, *NEVER_NAMED, *ON_THE_HARD_DAY))
    save_items(library, *items)
    library.add_rule("ask", "person", "Sam")
    library.add_rule("hide", "person", "Alex")
    library.add_rule("remember", "person", "Grandma")
    library.add_rule("hide", "item", library_id(library, items[len(HAPPY) + 3]))
    painful = date(2023, 5, 14)
    library.add_rule("hide", "dates", date_from=painful, date_to=painful)
    library.set_user_setting(schedule.RETRY_SETTING, FAST_RETRIES)
    library.close()
    return root / "home"


@pytest.fixture
def story_home(story_template: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(story_template, home)
    return home


@pytest.fixture
def story(story_home: Path) -> Iterator[Library]:
    library = Library.open(story_home)
    yield library
    library.close()


@dataclass
class Endpoint:
    """A webhook on 127.0.0.1 that records what it is sent and answers `status`."""

    port: int
    status: int = 200
    received: list[dict] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/notify"


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    state = Endpoint(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            state.received.append(json.loads(body))
            self.send_response(state.status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
