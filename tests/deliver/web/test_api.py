"""The JSON API: the very decisions of the curation function, and the person's rules."""

from __future__ import annotations

from gentle_memories.curate.curation import curate_day
from tests.deliver.web.conftest import ASK_FIRST, HAPPY, STORY_DAY, Story, client, page_token


def test_today_is_the_curation_functions_own_json(story: Story):
    api = client(story.library)
    got = api.get("/api/today", params={"date": STORY_DAY.isoformat()})
    assert got.status_code == 200
    assert got.json() == curate_day(story.library, STORY_DAY).to_json()
    assert {m["decision"] for m in got.json()["memories"]} >= {"show", "ask", "hold"}


def test_today_without_a_date_is_today(library):
    from datetime import date

    assert client(library).get("/api/today").json()["date"] == date.today().isoformat()


def test_a_bad_date_is_a_bad_request(story: Story):
    assert client(story.library).get("/api/today", params={"date": "30/09/2020"}).status_code == 400


def test_memories_items_and_explain(story: Story):
    api = client(story.library)
    memory_id = story.memory(HAPPY[0])
    memory = api.get(f"/api/memories/{memory_id}", params={"date": STORY_DAY.isoformat()}).json()
    day = curate_day(story.library, STORY_DAY)
    assert memory == next(m.to_json() for m in day.memories if m.id == memory_id)
    item = api.get(f"/api/items/{memory['items'][0]['id']}").json()
    assert item == memory["items"][0]
    lines = api.get(f"/api/explain/{memory_id}", params={"date": STORY_DAY.isoformat()}).json()
    assert lines["lines"][0].startswith(f"memory {memory_id}")
    assert api.get("/api/memories/otd-1900-01-01").status_code == 404
    assert api.get("/api/items/0123456789abcdef").status_code == 404
    assert api.get("/api/explain/nothing").status_code == 404


def test_rules_are_made_listed_and_forgotten_with_the_page_token(story: Story):
    api = client(story.library)
    token = page_token(api)
    made = api.post(
        "/api/rules",
        json={"action": "hide", "target": "theme", "value": "breakup_divorce"},
        headers={"x-csrf-token": token},
    )
    assert made.status_code == 201
    assert made.json()["says"] == "Hold back memories of a breakup or a divorce"
    assert made.json()["id"] in [r["id"] for r in api.get("/api/rules").json()]
    bad = api.post(
        "/api/rules",
        json={"action": "hide", "target": "theme", "value": "sadness"},
        headers={"x-csrf-token": token},
    )
    assert bad.status_code == 400 and "not a theme" in bad.json()["detail"]
    gone = api.delete(f"/api/rules/{made.json()['id']}", headers={"x-csrf-token": token})
    assert gone.status_code == 204
    assert api.delete("/api/rules/9999", headers={"x-csrf-token": token}).status_code == 404


def test_memory_actions_through_the_api(story: Story):
    api = client(story.library)
    token = {"x-csrf-token": page_token(api)}
    on = {"date": STORY_DAY.isoformat()}
    veiled = story.memory(ASK_FIRST)
    offers = api.get(f"/api/memories/{veiled}/fewer", params=on).json()
    assert {"action": "ask", "target": "person", "value": "Sam"}.items() <= offers[1].items()
    snooze = api.post(f"/api/memories/{veiled}/not-now", params=on, headers=token).json()
    assert snooze["until"] == "2027-05-14"
    assert _decision(api, veiled) == "hold"
    released = api.post(f"/api/memories/{veiled}/release", params=on, headers=token).json()
    assert released["decision"] == "ask"
    api.post(f"/api/memories/{veiled}/never", params=on, headers=token)
    assert _decision(api, veiled) == "hold"


def _decision(api, memory_id: str) -> str:
    day = api.get("/api/today", params={"date": STORY_DAY.isoformat()}).json()
    return next(m["decision"] for m in day["memories"] if m["id"] == memory_id)


def test_the_openapi_document_lists_the_api_and_only_the_api(story: Story):
    schema = client(story.library).get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/today", "/api/memories/{memory_id}", "/api/rules", "/api/explain/{some_id}"} <= (
        paths
    )
    assert "/api/items/{item_id}" in paths
    assert all(p.startswith("/api/") for p in paths)


def test_a_rule_with_a_control_character_is_refused_with_a_reason(story):
    from tests.deliver.web.conftest import client

    web = client(story.library)
    token = web.get("/settings").text.split('name="csrf" value="')[1].split('"')[0]
    made = web.post(
        "/api/rules",
        json={"action": "hide", "target": "person", "value": "Jo\x00"},
        headers={"x-csrf-token": token},
    )
    assert made.status_code == 400 and "control characters" in made.json()["detail"]
