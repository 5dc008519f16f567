"""The daily notification end to end: the real command, a real webhook on 127.0.0.1, a real library.

Nothing on a hard day, a calm message naming only plainly happy memories on an ordinary
one, nothing in quiet hours until the morning, one message a day however many runs try,
and a failing target retried and then reported, never lost silently.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from gentle_memories.curate.curation import curate_day
from gentle_memories.deliver.cli import cli
from gentle_memories.deliver.notify import deliver, run_due
from gentle_memories.library import Library
from tests.conftest import memories, memories_fails
from tests.deliver.notify.conftest import (
    FAST_RETRIES,
    HAPPY,
    HARD_DAY,
    NEVER_NAMED,
    ON_THE_HARD_DAY,
    ORDINARY_DAY,
)

BERLIN = ZoneInfo("Europe/Berlin")


def turn_on(home: Path, url: str, *settings: str) -> None:
    memories(home, "notify", "add-target", url)
    memories(home, "notify", "settings", "--quiet", "off", *settings)


def at_berlin(day, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def test_off_until_a_target_is_added(story_home, endpoint):
    out = memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat())
    assert "off" in out and "add-target" in out
    assert endpoint.received == []
    assert memories(story_home, "notify", "log") == "No notifications yet.\n"


def test_nothing_is_sent_on_the_hard_day_and_the_log_says_why(story_home, endpoint):
    turn_on(story_home, endpoint.url)
    out = memories(story_home, "notify", "--date", HARD_DAY.isoformat())
    assert endpoint.received == []
    assert "Nothing sent" in out
    assert "pregnancy" not in out and "hard" not in out, "a cron mail must not say why"
    log = memories(story_home, "notify", "log")
    assert log.startswith(f"{HARD_DAY}  withheld  a hard day")
    assert "you marked 14 May 2023" in log


def test_an_ordinary_day_sends_one_calm_message_naming_only_plainly_happy_memories(
    story_home, story, endpoint
):
    turn_on(story_home, endpoint.url)
    out = memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat())
    assert out == f"Sent the notification for {ORDINARY_DAY}.\n"
    (sent,) = endpoint.received
    assert sent["title"] == "On this day"
    assert sent["message"].splitlines() == [
        "1 year ago: Pancakes at the lake house, everyone still in pyjamas",
        "2 years ago: The apple tree finally gave us apples",
    ]
    text = f"{sent['title']}\n{sent['message']}"
    assert "!" not in text
    day = curate_day(story, ORDINARY_DAY)
    assert {m.decision for m in day.memories} == {"show", "ask", "hold"}
    not_named = [m for m in day.memories if not m.plainly_happy]
    assert len(not_named) == len(NEVER_NAMED) - 1  # the birthday's two photos are one memory
    for member in (i for m in not_named for i in [*m.items, *(s for s, _ in m.set_aside)]):
        item = getattr(member, "item", member)
        for word in [item.caption, *item.people, item.place.name if item.place else ""]:
            assert not word or word not in text, word
    for _, caption, people in NEVER_NAMED:
        assert caption not in text and not any(p in text for p in people)
    for hint in ("hidden", "held", "more", "other", "ask", "memories"):
        assert hint not in text.lower(), hint
    log = memories(story_home, "notify", "log")
    assert log.startswith(f"{ORDINARY_DAY}  sent      named the memory from 20 June 2025")


def test_a_second_run_the_same_day_sends_nothing(story_home, endpoint):
    turn_on(story_home, endpoint.url)
    memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat())
    again = memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat())
    assert "has had its one notification" in again
    assert len(endpoint.received) == 1
    assert len(memories(story_home, "notify", "log").splitlines()) == 1


def test_the_server_and_a_cron_run_at_the_same_moment_send_one_message(story_home, endpoint):
    turn_on(story_home, endpoint.url, "--timezone", "Europe/Berlin")
    now = at_berlin(ORDINARY_DAY, 9, 1)
    start = threading.Barrier(4)
    outcomes = []

    def one_process() -> None:
        library = Library.open(story_home)  # each its own engine and connections
        try:
            start.wait()
            outcomes.append(run_due(library, now).state)
        finally:
            library.close()

    runs = [threading.Thread(target=one_process) for _ in range(4)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
    assert sorted(outcomes) == ["sent", "taken", "taken", "taken"]
    assert len(endpoint.received) == 1


def test_quiet_hours_delay_the_message_until_the_morning(story_home, story, endpoint):
    memories(story_home, "notify", "add-target", endpoint.url)
    memories(story_home, "notify", "settings", "--time", "22:30", "--timezone", "Europe/Berlin")
    assert run_due(story, at_berlin(ORDINARY_DAY, 8, 59)) is None
    assert run_due(story, at_berlin(ORDINARY_DAY, 22, 30)) is None
    late_evening = deliver(story, at_berlin(ORDINARY_DAY, 23, 15))
    assert late_evening.state == "quiet" and late_evening.quiet_until == "09:00"
    assert endpoint.received == []
    assert story.notification_log() == [], "waiting is not withholding"
    assert run_due(story, at_berlin(ORDINARY_DAY, 9, 0)).state == "sent"
    assert len(endpoint.received) == 1
    assert run_due(story, at_berlin(ORDINARY_DAY, 12, 0)).state == "taken"
    assert len(endpoint.received) == 1


def test_the_command_in_quiet_hours_sends_nothing_now(story_home, endpoint):
    memories(story_home, "notify", "add-target", endpoint.url)
    now = datetime.now().astimezone()
    span = f"{now - timedelta(hours=1):%H:%M}-{now + timedelta(hours=1):%H:%M}"
    memories(story_home, "notify", "settings", "--quiet", span, "--timezone", "")
    out = memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat())
    assert out.startswith("Quiet hours until") and endpoint.received == []
    memories(story_home, "notify", "settings", "--quiet", "off")
    memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat())
    assert len(endpoint.received) == 1


def test_a_failing_target_is_retried_with_backoff_then_reported(story_home, endpoint):
    endpoint.status = 500
    turn_on(story_home, endpoint.url)
    err = memories_fails(story_home, "notify", "--date", ORDINARY_DAY.isoformat(), code=1)
    assert "json://****" in err and "127.0.0.1" not in err and str(endpoint.port) not in err
    assert len(endpoint.received) == 1 + len(FAST_RETRIES)
    log = memories(story_home, "notify", "log")
    assert log.startswith(f"{ORDINARY_DAY}  failed")
    assert "json://**** did not take it after 3 tries" in log


def test_backoff_waits_the_configured_delays_in_order(story, endpoint):
    endpoint.status = 500
    memories(story.home, "notify", "add-target", endpoint.url)
    waits: list[float] = []
    outcome = deliver(story, at_berlin(ORDINARY_DAY, 12), ORDINARY_DAY, sleep=waits.append)
    assert outcome.state == "failed" and outcome.failed == ["json://****"]
    assert waits == FAST_RETRIES


def test_the_server_tries_a_failed_day_again_later_a_bounded_number_of_times(story, endpoint):
    endpoint.status = 500
    memories(story.home, "notify", "add-target", endpoint.url)
    memories(story.home, "notify", "settings", "--timezone", "Europe/Berlin")
    tries_per_run = 1 + len(FAST_RETRIES)
    first = at_berlin(ORDINARY_DAY, 9, 0)
    assert run_due(story, first).state == "failed"
    assert run_due(story, first + timedelta(minutes=5)).state == "taken"
    endpoint.status = 200
    assert run_due(story, first + timedelta(minutes=16)).state == "sent"
    assert len(endpoint.received) == tries_per_run + 1
    assert [e["outcome"] for e in story.notification_log()] == ["sent", "failed"]


def test_a_failed_day_is_not_tried_for_ever(story, endpoint):
    endpoint.status = 500
    memories(story.home, "notify", "add-target", endpoint.url)
    memories(story.home, "notify", "settings", "--timezone", "Europe/Berlin")
    states = [
        run_due(story, at_berlin(ORDINARY_DAY, 9, 0) + timedelta(minutes=20 * n)).state
        for n in range(5)
    ]
    assert states == ["failed", "failed", "failed", "taken", "taken"]


def test_the_hard_days_items_never_reach_any_target(story_home, endpoint):
    turn_on(story_home, endpoint.url)
    for day in (HARD_DAY, ORDINARY_DAY):
        memories(story_home, "notify", "--date", day.isoformat())
    text = "\n".join(r["message"] for r in endpoint.received)
    assert all(caption not in text for _, caption, _ in ON_THE_HARD_DAY)
    assert [caption in text for _, caption, _ in HAPPY] == [True, True]


def test_dry_run_prints_the_message_and_sends_nothing(story_home, endpoint):
    turn_on(story_home, endpoint.url)
    out = memories(story_home, "notify", "--date", ORDINARY_DAY.isoformat(), "--dry-run")
    assert "Pancakes at the lake house" in out and "nothing was sent" in out
    out = memories(story_home, "notify", "--date", HARD_DAY.isoformat(), "--dry-run")
    assert out.startswith(f"Nothing would be sent for {HARD_DAY}: a hard day")
    assert endpoint.received == []
    assert memories(story_home, "notify", "log") == "No notifications yet.\n"


def test_targets_are_kept_private_and_shown_masked(story_home, endpoint):
    secret = "ntfy://alice:s3cret@ntfy.example.org/our-family-topic"
    result = CliRunner().invoke(
        cli, ["--home", str(story_home), "notify", "add-target", "-"], input=secret + "\n"
    )
    assert result.exit_code == 0, result.output
    memories(story_home, "notify", "add-target", endpoint.url)
    file = story_home / "notify-targets.json"
    assert file.stat().st_mode & 0o777 == 0o600
    listed = memories(story_home, "notify", "targets")
    assert listed == "   1  ntfy://****\n   2  json://****\n"
    every_output = result.output + listed
    assert "s3cret" not in every_output and "our-family-topic" not in every_output
    assert b"s3cret" not in (story_home / "library.db").read_bytes()
    file.chmod(0o644)
    memories(story_home, "notify", "targets")
    assert file.stat().st_mode & 0o777 == 0o600, "a file made readable is tightened again"
    assert memories(story_home, "notify", "remove-target", "1").startswith("Target 1 (ntfy://****)")
    assert "alice" not in file.read_text()


def test_bad_targets_and_settings_are_refused_without_echoing_the_url(story_home):
    err = memories_fails(story_home, "notify", "add-target", "nonsense://user:pw@host")
    assert "pw" not in err
    memories_fails(story_home, "notify", "remove-target", "3")
    memories_fails(story_home, "notify", "settings", "--time", "25:00")
    memories_fails(story_home, "notify", "settings", "--quiet", "21:00")
    memories_fails(story_home, "notify", "settings", "--timezone", "Mars/Olympus")
