"""A private source: one user's own folder, never read for anyone else, on any surface or count."""

from __future__ import annotations

import json
from datetime import date, datetime

from click.testing import CliRunner

from gentle_memories.deliver.cli import cli
from gentle_memories.library import Library
from gentle_memories.sample import write_photo
from tests.conftest import memories, memories_fails
from tests.deliver.web.conftest import client

DAY = date(2026, 5, 14)
SECRET = "Leo and me at the clinic, before anyone knew"
SHARED = "The apple tree finally gave us apples"
ANA = {"authorization": "Bearer Ana:ana-secret-1"}
MUM = {"authorization": "Bearer Mum:mum-secret-1"}


def household(tmp_path, home):
    shared, private = tmp_path / "family", tmp_path / "ana"
    write_photo(shared / "IMG_1.jpg", datetime(2024, 5, 14, 11), SHARED)
    write_photo(shared / "IMG_2.jpg", datetime(2023, 5, 14, 11), "Picnic", ["Maya"])
    write_photo(private / "IMG_9.jpg", datetime(2024, 5, 14, 15), SECRET, ["Leo"])
    memories(home, "user", "rename", "me", "Mum")
    for name, password in (("Mum", "mum-secret-1"), ("Ana", "ana-secret-1")):
        args = ["--home", str(home), "user", "add" if name == "Ana" else "password", name]
        assert CliRunner().invoke(cli, args, input=f"{password}\n").exit_code == 0
    memories(home, "--user", "Mum", "import", str(shared))
    memories(home, "--user", "Ana", "import", "--private", str(private))
    return private


def captions(home, user: str) -> set[str]:
    said = json.loads(memories(home, "--user", user, "today", "--date", DAY.isoformat(), "--json"))
    return {i["caption"] for m in said["memories"] for i in m["items"]}


def secret_id(home) -> str:
    library = Library.open(home)
    try:
        (found,) = [u for u in library.uris_of_source("folder") if u.endswith("IMG_9.jpg")]
        return library.ids_by_uri([found])[found]
    finally:
        library.close()


def test_the_owner_sees_their_private_photo_and_nobody_else_does(tmp_path, home):
    household(tmp_path, home)
    assert SECRET in captions(home, "Ana") and SHARED in captions(home, "Ana")
    assert SECRET not in captions(home, "Mum") and SHARED in captions(home, "Mum")
    hidden = secret_id(home)
    assert "no item or memory" in memories_fails(home, "--user", "Mum", "explain", hidden)
    assert "there is no item" in memories_fails(home, "--user", "Mum", "hide", "item", hidden)
    assert SECRET not in memories(
        home, "--user", "Mum", "notify", "--dry-run", "--date", "2026-05-14"
    )


def test_no_page_or_answer_or_count_of_another_user_holds_it(tmp_path, home):
    private = household(tmp_path, home)
    hidden = secret_id(home)
    library = Library.open(home)
    try:
        web = client(library)
        day = {"date": DAY.isoformat()}
        for path in ("/", "/held", "/settings", "/calendar?month=2026-05"):
            mum, ana = (
                web.get(path, params=day, headers=MUM),
                web.get(path, params=day, headers=ANA),
            )
            assert mum.status_code == ana.status_code == 200, path
            for secret in (SECRET, "Leo", str(private)):
                assert secret not in mum.text, (path, secret)
        assert "Leo" in web.get("/settings", headers=ANA).text
        assert str(private) in web.get("/settings", headers=ANA).text
        counts = {who: library.for_user(who).month_day_counts(5, 2026) for who in ("Mum", "Ana")}
        assert (counts["Mum"]["05-14"], counts["Ana"]["05-14"]) == (2, 3)
        assert [p for p, _ in library.for_user("Mum").people()] == ["Maya"]
        assert SECRET not in json.dumps(web.get("/api/today", params=day, headers=MUM).json())
        assert SECRET in json.dumps(web.get("/api/today", params=day, headers=ANA).json())
        for path in (f"/api/items/{hidden}", f"/media/{hidden}/thumb", f"/media/{hidden}"):
            assert web.get(path, headers=MUM).status_code == 404, path
        assert web.get(f"/api/items/{hidden}", headers=ANA).status_code == 200
        assert web.get(f"/api/explain/{hidden}", headers=MUM).status_code == 404
    finally:
        library.close()
