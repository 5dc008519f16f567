"""A family's Immich library, for the tests of the Immich source and of publishing.

Five years of photos around 1 December, a few everyday scenes on other days, and the
kinds of days that matter: a hospital stay photographed and never captioned, a birth
ward, a nurse's shift, a Halloween yard, an archived photo, a favourite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gentle_memories.sources.immich.account import connect
from tests.conftest import memories
from tests.sources.immich.standin import KEY, Standin

EVERYDAY = [
    "children playing in the snow in a park",
    "a birthday cake with candles on a table",
    "a dog running on a beach",
    "a city street with buildings at night",
    "friends smiling together at a party",
    "a plate of pasta on a table",
    "a mountain lake in summer",
    "a cat sleeping on a sofa",
    "a child riding a bicycle",
    "a family picnic in a garden with flowers",
]


@dataclass
class Family:
    hospital: list[str]
    archived: str
    birth_ward: str
    nurse: str
    halloween: str
    lone_bed: str
    favourite: str
    birthday: list[str]


def build(standin: Standin) -> Family:
    s = standin
    for year in range(2019, 2026):
        for n in range(40):
            on = date(year, 1, 2) + timedelta(days=n * 8)
            s.add(f"{on}T{10 + n % 9}:00:00", scene=EVERYDAY[n % len(EVERYDAY)])
    birthday = [
        s.add("2025-12-01T15:00:00", scene="a birthday cake with candles", people=["Luna"]),
        s.add("2025-12-01T15:05:00", scene="children playing with balloons", people=["Luna"]),
    ]
    favourite = s.add(
        "2025-12-01T16:00:00", scene="friends smiling together", people=["Luna"], favourite=True
    )
    s.album("Luna's birthday", [*birthday, favourite])
    hospital = [
        s.add("2024-12-01T09:10:00", scene="a person lying in a hospital bed with an IV drip"),
        s.add("2024-12-01T11:40:00", scene="an IV drip and a hospital monitor beside a bed"),
        s.add("2024-12-01T18:20:00", scene="an empty hospital corridor at night"),
    ]
    archived = s.add(
        "2023-12-01T20:00:00",
        scene="a couple smiling at a party",
        description="Us, before",
        visibility="archive",
    )
    s.add("2023-12-01T10:00:00", scene="children playing in the snow", description="First snow!")
    birth_ward = s.add(
        "2022-12-01T07:30:00",
        scene="a mother holding her newborn baby in a hospital bed in a maternity ward",
        people=["Luna"],
    )
    nurse = s.add(
        "2021-12-01T22:00:00", scene="a smiling nurse in scrubs at work in a hospital corridor"
    )
    halloween = s.add(
        "2021-10-31T19:00:00",
        scene="halloween decorations with pumpkins and fake tombstones in a front yard",
    )
    lone_bed = s.add("2020-12-01T12:00:00", scene="a person lying in a hospital bed")
    s.add("2020-12-01T12:30:00", scene="a plate of soup on a table")
    return Family(hospital, archived, birth_ward, nurse, halloween, lone_bed, favourite, birthday)


def connected(home, standin: Standin) -> None:
    connect(home, standin.url, KEY)


def imported(home, standin: Standin) -> str:
    connected(home, standin)
    return memories(home, "import", "immich")
