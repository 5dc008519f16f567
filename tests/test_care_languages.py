"""A family that writes in several languages: happy years full of words that look sad, and
three losses written in German, French and Spanish.

Every happy memory is shown and no happy date becomes a hard day; every loss is held or
asked about, and its anniversary is a hard day.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from gentle_memories.sample import write_photo
from tests.conftest import memories, today_json

# (folder, taken, caption, keywords)
HAPPY = [
    (
        "2016-06 Hochzeit Lisa & Tom",
        datetime(2016, 6, 11, 15, 0),
        "Ich habe die ganze Trauung durchgeweint, so schön war es",
        ["Hochzeit", "Trauzeugen"],
    ),
    (
        "Tierarzt Bello",
        datetime(2017, 3, 2, 10, 0),
        "Bello beim Tierarzt, Impfung überstanden, alles gesund",
        ["Bello", "Tierarzt"],
    ),
    (
        "Halloween",
        datetime(2017, 10, 31, 19, 0),
        "Zombis y calaveras por todas partes, nos morimos de risa",
        ["Halloween"],
    ),
    (
        "Maternité",
        datetime(2018, 11, 20, 4, 0),
        "Bienvenue Léa, née à 3h12 à la maternité, on a pleuré de joie",
        ["bébé", "hôpital"],
    ),
    (
        "Ecografía 12 semanas",
        datetime(2019, 5, 14, 9, 30),
        "Primera ecografía: ¡todo bien y el corazón late fuerte!",
        ["embarazo"],
    ),
    (
        "Finale",
        datetime(2019, 7, 6, 18, 0),
        "Finale verloren, aber was für eine Saison. Danke Jungs",
        ["Fußball"],
    ),
    (
        "Nonni",
        datetime(2020, 8, 16, 12, 0),
        "Pranzo dai nonni, abbiamo riso da morire",
        ["nonna", "pranzo"],
    ),
    (
        "Hospital",
        datetime(2021, 2, 3, 7, 0),
        "Primeiro plantão no hospital como enfermeira, que orgulho",
        ["hospital", "trabalho"],
    ),
]

HOSPITAL = (48.137, 11.575)
# (folder, taken, caption, gps); each loss also has photos with no caption beside it
LOSSES = [
    (
        "Klinikum",
        datetime(2018, 1, 14, 21, 0),
        "Heute ist Opa gestorben. Wir waren alle bei ihm.",
        HOSPITAL,
    ),
    (
        "Hôpital",
        datetime(2020, 4, 7, 23, 0),
        "Nous avons perdu notre bébé à onze semaines.",
        (45.76, 4.83),
    ),
    (
        "Luna",
        datetime(2021, 9, 12, 16, 0),
        "Hoy despedimos a Luna, nuestra perrita. Te vamos a extrañar siempre.",
        (40.41, -3.70),
    ),
]


@pytest.fixture(scope="module")
def family(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("family")
    photos = root / "Fotos"
    for folder, taken, caption, keywords in HAPPY:
        write_photo(
            photos / folder / f"IMG_{taken:%Y%m%d_%H%M}.jpg", taken, caption, keywords=keywords
        )
        later = taken.replace(hour=taken.hour + 1)
        write_photo(photos / folder / f"IMG_{later:%Y%m%d_%H%M}.jpg", later, keywords=keywords)
    for folder, taken, caption, gps in LOSSES:
        write_photo(photos / folder / f"IMG_{taken:%Y%m%d_%H%M}.jpg", taken, caption, gps=gps)
        before = taken.replace(hour=taken.hour - 2)
        write_photo(photos / folder / f"IMG_{before:%Y%m%d_%H%M}.jpg", before, gps=gps)
    home = root / "home"
    memories(home, "import", str(photos))
    return home


def _memory(day: dict, year: int) -> dict:
    (found,) = [m for m in day["memories"] if m["items"][0]["local_date"].startswith(str(year))]
    return found


@pytest.mark.parametrize(("folder", "taken"), [(h[0], h[1]) for h in HAPPY])
def test_every_happy_memory_is_shown_and_its_date_is_no_hard_day(family, folder, taken):
    day = today_json(family, f"2025-{taken:%m-%d}")
    memory = _memory(day, taken.year)
    assert memory["decision"] == "show", (folder, memory["reasons"])
    assert day["hard_day"] is False, (folder, memory["reasons"])


@pytest.mark.parametrize(("folder", "taken"), [(lost[0], lost[1]) for lost in LOSSES])
def test_every_loss_is_held_or_asked_and_its_anniversary_is_a_hard_day(family, folder, taken):
    day = today_json(family, f"2025-{taken:%m-%d}")
    memory = _memory(day, taken.year)
    assert memory["decision"] in ("hold", "ask"), (folder, memory["reasons"])
    assert day["hard_day"] is True, folder
    assert len(memory["items"]) == 2, "the photo without words is part of the same loss"
