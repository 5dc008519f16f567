"""`memories immich publish`: shown memories become Immich's memories; nothing held goes there."""

from __future__ import annotations

from tests.conftest import memories, today_json
from tests.sources.immich.family import build, imported

DAY = "2025-12-01"


def shown(home) -> list[dict]:
    return [m for m in today_json(home, DAY)["memories"] if m["decision"] == "show"]


def written(standin) -> list[dict]:
    return [m for m in standin.memories.values()]


def test_a_dry_run_lists_exactly_the_shown_memories_and_writes_nothing(home, standin):
    build(standin)
    imported(home, standin)
    out = memories(home, "immich", "publish", "--date", DAY, "--dry-run")
    lines = out.splitlines()
    titles = [m["title"] for m in shown(home)]
    assert lines[0] == f"Would write {len(titles)} memories into Immich for 1 December 2025:"
    assert [line.strip().rsplit(" (", 1)[0] for line in lines[1 : 1 + len(titles)]] == titles
    assert "set aside for care" in lines[1 + len(titles)]
    assert standin.memories == {}


def test_it_writes_the_shown_memories_for_the_day_and_never_a_held_one(home, standin):
    family = build(standin)
    imported(home, standin)
    memories(home, "immich", "publish", "--date", DAY)
    cards = written(standin)
    assert len(cards) == len(shown(home))
    for card in cards:
        assert card["type"] == "on_this_day"
        assert card["showAt"].startswith("2025-11-30T23:00:00") or card["showAt"].startswith(
            "2025-12-01T"
        )
    years = sorted(c["data"]["year"] for c in cards)
    assert 2024 not in years, "the hospital stay is held: it never reaches Immich"
    assert 2020 not in years, "a veiled memory has no card in Immich"
    sent = {a for c in cards for a in c["assetIds"]}
    assert family.archived not in sent and not set(family.hospital) & sent


def test_a_second_run_replaces_its_own_and_leaves_the_others_alone(home, standin):
    build(standin)
    imported(home, standin)
    theirs = standin.answer(
        "POST",
        "/memories",
        {},
        {
            "type": "on_this_day",
            "data": {"year": 2023},
            "memoryAt": "2023-12-01T00:00:00.000Z",
            "assetIds": [],
        },
    )[1]["id"]
    memories(home, "immich", "publish", "--date", DAY)
    first = set(standin.memories) - {theirs}
    saved = next(iter(first))
    standin.memories[saved]["isSaved"] = True
    out = memories(home, "immich", "publish", "--date", DAY)
    assert f"Replaced {len(first) - 1} written before." in out
    assert theirs in standin.memories, "Immich's own memory is left alone"
    assert saved in standin.memories, "a memory the person saved in Immich is kept"
    assert len(standin.memories) == 2 + len(shown(home))


def test_it_says_how_to_see_them_when_memories_are_off_and_never_switches_them(home, standin):
    build(standin)
    imported(home, standin)
    standin.memories_enabled = False
    out = memories(home, "immich", "publish", "--date", DAY)
    assert "Memories are switched off in your Immich account" in out
    assert "Account Settings → Features → Memories" in out
    assert not standin.memories_enabled
    assert not [
        c for c in standin.calls if c[1].startswith("/users/me/preferences") and c[0] != "GET"
    ]


def test_the_server_writes_the_day_into_immich_once_and_waits_when_immich_is_away(home, standin):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from gentle_memories.deliver.notify.scheduler import DailyNotifier
    from gentle_memories.library import Library

    build(standin)
    imported(home, standin)
    morning = datetime(2025, 12, 1, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    library = Library.open(home)
    try:
        notifier = DailyNotifier(library, clock=lambda: morning)
        notifier.run_once()
        notifier.run_once()
        assert len(standin.memories) == len(shown(home)), "once a day, however often it wakes"
        standin.fail_after = 0
        library.set_setting("immich.published", {})
        notifier.run_once()
        asked = len(standin.calls)
        notifier.run_once()
        assert len(standin.calls) == asked, "an Immich that does not answer waits its turn"
    finally:
        standin.fail_after = None
        library.close()
