"""Settings, Notifications: targets added and shown masked, the schedule, and the log."""

from __future__ import annotations

from datetime import UTC, datetime

from gentle_memories.deliver.notify import deliver, schedule, targets
from tests.deliver.web.conftest import STORY_DAY, client, page_token

SECRET_URL = "json://127.0.0.1:9/family-secret-hook"


def post(web, path: str, **data: str):
    return web.post(path, data=data, follow_redirects=False)


def test_a_person_turns_notifications_on_and_sees_what_was_withheld(story):
    web = client(story.library)
    section = web.get("/settings").text
    assert 'id="notifications"' in section and "Notifications are off" in section
    token = page_token(web)
    added = post(web, "/settings/notify/targets", url=SECRET_URL, csrf=token)
    assert added.status_code == 303
    page = web.get("/settings").text
    assert "json://****" in page and "family-secret-hook" not in page
    assert targets.load(story.library) == [SECRET_URL]

    when = {"at": "07:30", "quiet_from": "22:00", "quiet_to": "06:00", "zone": "Europe/Berlin"}
    saved = post(web, "/settings/notify/schedule", **when, csrf=token)
    assert saved.status_code == 303
    assert schedule.load(story.library) == schedule.Schedule(
        "07:30", "22:00", "06:00", "Europe/Berlin"
    )

    noon = datetime(STORY_DAY.year, STORY_DAY.month, STORY_DAY.day, 10, tzinfo=UTC)
    assert deliver(story.library, noon, STORY_DAY).state == "withheld"
    page = web.get("/settings").text
    assert "withheld" in page and "a hard day: nothing is pushed on it" in page

    bad = post(web, "/settings/notify/targets", url="nope://x:pw@y", csrf=token)
    assert bad.status_code == 400 and "pw@y" not in bad.text
    removed = post(web, "/settings/notify/targets/1/remove", csrf=token)
    assert removed.status_code == 303
    assert "Notifications are off" in web.get("/settings").text
