"""The server's own daily run: a thread that sends once when due, however often it wakes."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from gentle_memories.deliver.notify.scheduler import THREAD_NAME, DailyNotifier
from gentle_memories.deliver.web.app import create_app
from tests.conftest import memories
from tests.deliver.notify.conftest import ORDINARY_DAY

MORNING = datetime(2026, 6, 20, 9, 5, tzinfo=ZoneInfo("Europe/Berlin"))


def notifier_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME]


def test_the_notifier_sends_once_when_due_and_stops_at_once(story, endpoint):
    assert MORNING.date() == ORDINARY_DAY
    memories(story.home, "notify", "add-target", endpoint.url)
    memories(story.home, "notify", "settings", "--timezone", "Europe/Berlin")
    notifier = DailyNotifier(story, every=0.02, clock=lambda: MORNING)
    notifier.start()
    try:
        deadline = time.monotonic() + 30
        while not endpoint.received and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # many more wake-ups
    finally:
        started = time.monotonic()
        notifier.stop()
    assert time.monotonic() - started < 5
    assert len(endpoint.received) == 1
    assert [e["outcome"] for e in story.notification_log()] == ["sent"]


def test_the_web_app_runs_the_notifier_while_it_serves(library):
    assert notifier_threads() == []
    with TestClient(create_app(library), base_url="http://127.0.0.1") as web:
        assert web.get("/settings").status_code == 200
        assert [t.is_alive() for t in notifier_threads()] == [True]
    assert notifier_threads() == []
