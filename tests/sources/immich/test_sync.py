"""Re-runs of `memories import immich`: only what changed is asked for, and nothing is lost."""

from __future__ import annotations

from gentle_memories.library import Library
from tests.conftest import memories, memories_fails
from tests.sources.immich.family import build, imported

DAY = "2025-12-01"


def item(home, asset_id: str):
    library = Library.open(home)
    try:
        found = library.ids_by_uri([f"immich:{asset_id}"])
        return library.item(found[f"immich:{asset_id}"]) if found else None
    finally:
        library.close()


def metadata_searches(standin) -> list[dict]:
    return [body for method, path, _, body in standin.calls if path == "/search/metadata"]


def test_what_immich_knows_becomes_the_item(home, standin):
    family = build(standin)
    imported(home, standin)
    first = item(home, family.birthday[0])
    assert first.people == ["Luna"] and first.albums == ["Luna's birthday"]
    assert first.taken_at.isoformat() == "2025-12-01T15:00:00+01:00"
    assert first.date_confidence == "exact"
    assert item(home, family.favourite).favourite
    archived = item(home, family.archived)
    assert archived.caption == "Us, before" and not archived.offered
    assert archived.notes == ["archived in Immich: kept, never offered"]


def test_a_second_run_asks_only_for_what_changed_since_the_first(home, standin):
    family = build(standin)
    imported(home, standin)
    standin.calls.clear()
    standin.change(family.nurse, description="Night shift, the last one before leave")
    out = memories(home, "import", "immich")
    asked = metadata_searches(standin)
    assert asked and all("updatedAfter" in body for body in asked), asked
    assert out.startswith("imported 0, updated 1,"), out
    assert item(home, family.nurse).caption == "Night shift, the last one before leave"


def test_an_album_a_new_name_and_a_trashed_photo_reach_the_library(home, standin):
    family = build(standin)
    imported(home, standin)
    album = next(iter(standin.albums))
    standin.add_to_album(album, [family.nurse])
    standin.rename("Luna", "Luna Sommer")
    standin.change(family.birthday[1], trashed=True)
    memories(home, "import", "immich")
    assert item(home, family.nurse).albums == ["Luna's birthday"]
    assert item(home, family.favourite).people == ["Luna Sommer"]
    trashed = item(home, family.birthday[1])
    assert not trashed.offered and trashed.notes == ["in Immich's trash: kept, never offered"]


def test_a_photo_moved_to_the_locked_folder_is_no_longer_offered(home, standin):
    family = build(standin)
    imported(home, standin)
    standin.lock(family.birthday[0])
    memories(home, "import", "immich")
    locked = item(home, family.birthday[0])
    assert not locked.offered
    assert "locked folder" in locked.notes[-1]


def test_a_server_that_goes_away_halfway_costs_nothing_and_the_next_run_finishes(home, standin):
    family = build(standin)
    imported(home, standin)
    standin.change(family.nurse, description="Night shift")
    standin.change(family.halloween, description="Our spooky front yard")
    standin.fail_after = 3
    said = memories_fails(home, "import", "immich", code=1)
    assert "cannot reach Immich" in said and "what was read before is kept" in said
    assert item(home, family.birthday[0]).offered, "nothing read before is lost"
    standin.fail_after = None
    memories(home, "import", "immich")
    assert item(home, family.nurse).caption == "Night shift"
    assert item(home, family.halloween).caption == "Our spooky front yard"


def test_the_engine_never_changes_an_asset(home, standin):
    build(standin)
    imported(home, standin)
    memories(home, "import", "immich")
    writes = [(m, p) for m, p, _, _ in standin.calls if m != "GET" and not p.startswith("/search/")]
    assert writes == []
