"""Quiet hours and the time of day, on the person's clock."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from gentle_memories.deliver.notify.schedule import Schedule, change, load


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        ("20:59", False),
        ("21:00", True),
        ("23:59", True),
        ("03:00", True),
        ("08:59", True),
        ("09:00", False),
        ("12:00", False),
    ],
)
def test_default_quiet_hours_span_the_night(moment, quiet):
    assert Schedule().quiet(time.fromisoformat(moment)) is quiet


def test_a_time_of_day_inside_quiet_hours_waits_for_their_end():
    assert Schedule(at="22:30").due_at == time(9, 0)
    assert Schedule(at="07:00", quiet_from="13:00", quiet_to="15:00").due_at == time(7, 0)
    assert Schedule(at="14:00", quiet_from="13:00", quiet_to="15:00").due_at == time(15, 0)


def test_quiet_hours_can_be_turned_off():
    plan = Schedule(at="03:00", quiet_from="00:00", quiet_to="00:00")
    assert not plan.quiet(time(3, 0)) and plan.due_at == time(3, 0)
    assert "no quiet hours" in plan.describe()


def test_the_person_s_time_zone_decides_the_day_and_the_hour():
    plan = Schedule(zone="Pacific/Auckland")
    local = plan.local(datetime(2026, 6, 19, 21, 30, tzinfo=UTC))
    assert (local.date().isoformat(), local.hour) == ("2026-06-20", 9)
    assert plan.due(local)


def test_settings_are_kept_in_the_library(library):
    change(library, at="7:45", quiet="22:00-06:30", zone="Europe/Berlin")
    assert load(library) == Schedule("07:45", "22:00", "06:30", "Europe/Berlin")
    change(library, quiet="off")
    assert load(library).at == "07:45" and load(library).quiet_from == load(library).quiet_to
