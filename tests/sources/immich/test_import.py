"""`memories import immich` against the stand-in server: what a family's Immich library becomes."""

from __future__ import annotations

from tests.conftest import today_json
from tests.sources.immich.family import build, imported

DAY = "2025-12-01"


def by_year(home) -> dict[int, dict]:
    return {
        int(m["id"][4:8]): m
        for m in today_json(home, DAY)["memories"]
        if m["id"].startswith("otd-")
    }


def test_a_hospital_stay_without_captions_is_held_on_its_anniversary_for_its_pictures(
    home, standin
):
    build(standin)
    imported(home, standin)
    stay = by_year(home)[2024]
    assert stay["decision"] == "hold", stay
    assert any("look like a hospital" in r for r in stay["reasons"]), stay["reasons"]


def test_nothing_archived_is_offered(home, standin):
    family = build(standin)
    imported(home, standin)
    shown = {i["path"] for m in today_json(home, DAY)["memories"] for i in m["items"]}
    assert f"immich:{family.archived}" not in shown
    assert [i["caption"] for i in by_year(home)[2023]["items"]] == ["First snow!"]


def test_a_birth_ward_and_a_nurse_at_work_are_not_taken_for_a_hospital_stay(home, standin):
    build(standin)
    imported(home, standin)
    years = by_year(home)
    assert years[2022]["decision"] == "show", years[2022]["reasons"]
    assert years[2021]["decision"] == "show", years[2021]["reasons"]


def test_one_photo_that_looks_like_a_hospital_asks_first_and_never_holds(home, standin):
    build(standin)
    imported(home, standin)
    lone = by_year(home)[2020]
    assert lone["decision"] == "ask", lone


def test_a_halloween_yard_is_not_taken_for_a_grave(home, standin):
    build(standin)
    imported(home, standin)
    yard = [m for m in today_json(home, "2025-10-31")["memories"] if m["id"] == "otd-2021-10-31"]
    assert [m["decision"] for m in yard] == ["show"], yard
