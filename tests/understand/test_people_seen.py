from dataclasses import replace
from datetime import date, datetime, timedelta

from tests.conftest import library_id, make_item, save_items

EVERY_MONTH_DAY = [f"{d:%m-%d}" for d in (date(2020, 1, 1) + timedelta(n) for n in range(366))]


def seen(library) -> set[tuple[str, date, int, int]]:
    return set(library.people_first_seen(EVERY_MONTH_DAY, before=date(2100, 1, 1)))


def test_people_counted_import_by_import_are_the_people_counted_afresh(library):
    """Names added, changed and dropped, dates corrected, items hidden, a private source:
    recounting only the people an import touched leaves what counting everyone gives."""
    import random

    from gentle_memories.understand.understanding import understand

    rng = random.Random(11)
    names = ["Ana", "Jo", "Sam", "Grandad", "Mia"]
    start = datetime(2015, 3, 1, 12)
    private = library.add_user("Ana", "a long enough password").id
    saved = []
    for step in range(12):
        batch = [
            make_item(
                start + timedelta(days=rng.randrange(3000), hours=rng.uniform(0, 8)),
                name=f"s{step}-{n}",
                people=rng.sample(names, rng.randint(0, 2)),
            )
            for n in range(rng.randint(2, 8))
        ]
        saved += batch
        save_items(library, *batch)
        renamed = rng.choice(saved)
        save_items(library, replace(renamed, people=rng.sample(names, rng.randint(0, 2))))
        corrected = library_id(library, rng.choice(saved))
        moved = start + timedelta(days=rng.randrange(3000))
        library.set_taken_at({corrected: (moved, "corrected")})
        library.withdraw([rng.choice(saved).uri], "gone from its folder")
        theirs = make_item(start + timedelta(days=step), name=f"p{step}", people=["Mia"])
        library.save_all([theirs], owner=private)
        understand(library)
        kept_up = seen(library)
        library.count_people_seen()
        assert seen(library) == kept_up, f"after import {step}"


def test_a_name_no_photo_gives_any_more_is_no_longer_counted(library):
    shot = make_item(datetime(2019, 6, 2, 10), name="picnic", people=["Jo"])
    save_items(library, shot, make_item(datetime(2021, 6, 2, 10), people=["Ana"]))
    assert {name for name, *_ in seen(library)} == {"Jo", "Ana"}
    save_items(library, replace(shot, people=["Sam"]))
    assert {(name, first) for name, first, *_ in seen(library)} == {
        ("Sam", date(2019, 6, 2)),
        ("Ana", date(2021, 6, 2)),
    }
