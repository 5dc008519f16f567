"""A household over one library: each user signs in and sees only their own decisions and rules."""

from __future__ import annotations

from click.testing import CliRunner
from playwright.sync_api import expect

from gentle_memories.deliver.cli import cli
from tests.conftest import memories, memories_fails
from tests.deliver.web.conftest import FRIEND, HAPPY, STORY_DAY, Story, client, live_server

DAY = STORY_DAY.isoformat()
MAYA = HAPPY[0]


def add_user(story: Story, name: str, password: str) -> None:
    done = CliRunner().invoke(
        cli, ["--home", str(story.library.home), "user", "add", name], input=f"{password}\n"
    )
    assert done.exit_code == 0, done.output


def shown_captions(home, user: str) -> set[str]:
    import json

    said = json.loads(memories(home, "--user", user, "today", "--date", DAY, "--json"))
    return {i["caption"] for m in said["memories"] if m["decision"] == "show" for i in m["items"]}


def test_a_rule_of_one_user_changes_nothing_for_another(story: Story):
    home = story.library.home
    memories(home, "user", "rename", "me", "Mum")
    add_user(story, "Ana", "ana-secret-1")
    memories(home, "--user", "Ana", "hide", "person", "Maya")
    assert MAYA.caption not in shown_captions(home, "Ana")
    assert MAYA.caption in shown_captions(home, "Mum")
    assert memories(home, "--user", "Ana", "rules").splitlines()[0].endswith("hide person Maya")
    assert "hide person Maya" not in memories(home, "--user", "Mum", "rules")
    said = memories_fails(home, "rules", code=1)
    assert "several users (Mum, Ana): say whose, --user NAME" in said


def test_each_user_has_their_own_notification_targets(story: Story):
    home = story.library.home
    add_user(story, "Ana", "ana-secret-1")
    memories(home, "--user", "Ana", "notify", "add-target", "json://localhost:9/ana")
    assert "json://****" in memories(home, "--user", "Ana", "notify", "targets")
    assert "json://" not in memories(home, "--user", "me", "notify", "targets")


def test_scripts_sign_in_as_a_user_and_the_api_answers_for_them(story: Story):
    add_user(story, "Ana", "ana-secret-1")
    web = client(story.library)
    assert web.get("/api/rules").status_code == 401, "two users: nobody is let in unasked"
    ana = {"authorization": "Bearer Ana:ana-secret-1"}
    made = web.post(
        "/api/rules", json={"action": "hide", "target": "person", "value": "Jo"}, headers=ana
    )
    assert made.status_code == 201
    assert [r["value"] for r in web.get("/api/rules", headers=ana).json()] == ["Jo"]
    wrong = {"authorization": "Bearer Ana:not-it"}
    assert web.get("/api/rules", headers=wrong).status_code == 401


def test_two_users_sign_in_to_the_page_and_see_only_their_own(story: Story, browser):
    home = story.library.home
    done = CliRunner().invoke(
        cli, ["--home", str(home), "user", "password", "me"], input="mum-secret-1\n"
    )
    assert done.exit_code == 0, done.output
    add_user(story, "Ana", "ana-secret-1")
    memories(home, "--user", "Ana", "hide", "person", "Jo")
    with live_server(story.library) as url:
        for name, password, theirs, not_theirs in (
            ("me", "mum-secret-1", "Ask me first before showing memories with Sam", "with Jo"),
            ("Ana", "ana-secret-1", "Hold back memories with Jo", "with Sam"),
        ):
            context = browser.new_context(base_url=url)
            tab = context.new_page()
            tab.goto(f"/?date={DAY}")
            tab.get_by_label("Your name").fill(name)
            tab.get_by_label("Password").fill(password)
            tab.get_by_role("button", name="Sign in").click()
            expect(tab.get_by_text(MAYA.caption)).to_be_visible()
            expect(tab.get_by_text(FRIEND.caption)).to_have_count(0 if name == "Ana" else 1)
            tab.goto("/settings")
            expect(tab.get_by_text(theirs)).to_be_visible()
            expect(tab.get_by_text(not_theirs)).to_have_count(0)
            context.close()


def test_an_admin_adds_someone_in_settings_and_nobody_else_can(story: Story):
    from tests.deliver.web.conftest import page_token

    web = client(story.library)
    token = page_token(web)
    first = web.post(
        "/settings/users", data={"name": "Ana", "password": "ana-secret-1", "csrf": token}
    )
    assert first.status_code == 400 and "Give yourself a password first" in first.text
    story.library.set_password(story.library.user, "mum-secret-1")
    mum = {"authorization": "Bearer me:mum-secret-1"}
    added = web.post(
        "/settings/users",
        data={"name": "Ana", "password": "ana-secret-1"},
        headers=mum,
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"].endswith("#household")
    assert [u.name for u in story.library.users()] == ["me", "Ana"]
    ana = {"authorization": "Bearer Ana:ana-secret-1"}
    assert "Add someone" not in web.get("/settings", headers=ana).text
    refused = web.post(
        "/settings/users", data={"name": "Max", "password": "pw-max-123"}, headers=ana
    )
    assert refused.status_code == 403
    assert [u.name for u in story.library.users()] == ["me", "Ana"]
