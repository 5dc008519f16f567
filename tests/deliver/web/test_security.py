"""The guards: loopback by default, a password beyond it, CSRF on every action, media by id."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest

from gentle_memories.deliver.web.app import ROUTERS, create_app
from gentle_memories.deliver.web.auth import RefuseToStart
from gentle_memories.library import DaysAsked
from tests.conftest import memories_fails
from tests.deliver.web.conftest import (
    ASK_FIRST,
    HAPPY,
    STORY_DAY,
    Story,
    client,
    csrf_token,
    live_server,
    page_token,
)

PASSWORD = "a long quiet password"


def test_other_addresses_refuse_to_start_without_a_password(library, home, monkeypatch):
    for host in ("0.0.0.0", "192.168.1.20", "::"):
        with pytest.raises(RefuseToStart):
            create_app(library, host)
    create_app(library, "0.0.0.0", PASSWORD)
    monkeypatch.delenv("GENTLE_MEMORIES_PASSWORD", raising=False)
    assert "without a password" in memories_fails(home, "serve", "--host", "0.0.0.0")


def test_beyond_loopback_everything_waits_for_the_password(story: Story):
    web = client(story.library, "0.0.0.0", PASSWORD)
    first = web.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/login")
    assert web.get("/api/today").status_code == 401
    assert web.get(f"/media/{_an_item(story)}/thumb").status_code == 401
    assert web.get("/static/style.css").status_code == 200

    login_page = web.get("/login")
    wrong = web.post("/login", data={"password": "no", "csrf": csrf_token(login_page.text)})
    assert wrong.status_code == 401 and "did not match" in wrong.text
    assert web.get("/api/today").status_code == 401

    signed = web.post(
        "/login",
        data={"password": PASSWORD, "next": "/?date=2026-05-14", "csrf": csrf_token(wrong.text)},
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/?date=2026-05-14"
    cookie = signed.headers["set-cookie"]
    assert "gm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert web.get("/api/today").status_code == 200
    assert HAPPY[0].caption in web.get("/", params={"date": STORY_DAY.isoformat()}).text


def test_scripts_may_bear_the_password_instead(story: Story):
    web = client(story.library, "0.0.0.0", PASSWORD)
    bearer = {"authorization": f"Bearer {PASSWORD}"}
    assert web.get("/api/rules", headers=bearer).status_code == 200
    made = web.post(
        "/api/rules", json={"action": "ask", "target": "person", "value": "Jo"}, headers=bearer
    )
    assert made.status_code == 201
    assert web.get("/api/rules", headers={"authorization": "Bearer nope"}).status_code == 401


def test_the_login_page_never_sends_anyone_elsewhere(story: Story):
    web = client(story.library, "0.0.0.0", PASSWORD)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        token = csrf_token(web.get("/login").text)
        out = web.post(
            "/login",
            data={"password": PASSWORD, "next": target, "csrf": token},
            follow_redirects=False,
        )
        assert out.headers["location"] == "/"


def _action_routes() -> list[tuple[str, str]]:
    return [
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        for method in route.methods
        if method not in ("GET", "HEAD")
    ]


def test_every_action_is_refused_without_the_page_token(story: Story):
    web = client(story.library)
    routes = _action_routes()
    assert len(routes) >= 14
    web.get("/")
    memory = story.memory(ASK_FIRST)
    for method, path in routes:
        url = (
            path.replace("{memory_id}", memory)
            .replace("{rule_id}", "1")
            .replace("{some_id}", memory)
        )
        for token in (None, "forged"):
            data = {"date": STORY_DAY.isoformat(), "choice": "0", "name": "Sam", "action": "hide"}
            if token:
                data["csrf"] = token
            out = web.request(method, url, data=data)
            assert out.status_code == 403, (method, path, token, out.status_code)
    assert [r.id for r in story.library.rules()] == [1, 2]


def test_a_token_from_another_browser_does_not_count(story: Story):
    mine, theirs = client(story.library), client(story.library)
    token = page_token(theirs)
    mine.get("/")
    memory = story.memory(ASK_FIRST)
    out = mine.post(f"/memories/{memory}/never", data={"csrf": token})
    assert out.status_code == 403
    ok = mine.post(
        f"/memories/{memory}/never",
        data={"csrf": page_token(mine), "date": STORY_DAY.isoformat()},
        follow_redirects=False,
    )
    assert ok.status_code == 303


def test_security_headers_on_pages_api_and_media(story: Story):
    web = client(story.library)
    for path in ("/", "/api/today", f"/media/{_an_item(story)}/thumb", "/static/app.js", "/nope"):
        headers = web.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_pages_carry_no_inline_script_or_style(story: Story):
    html = client(story.library).get("/", params={"date": STORY_DAY.isoformat()}).text
    assert "<script>" not in html and "style=" not in html and " on" + "click" not in html
    assert '<script src="/static/app.js"' in html


def test_a_foreign_host_name_is_refused_on_loopback(story: Story):
    web = client(story.library)
    assert web.get("/api/today", headers={"host": "attacker.example"}).status_code == 400


def _an_item(story: Story) -> str:
    day = story.library.day_highlights(DaysAsked((STORY_DAY.strftime("%m-%d"),), STORY_DAY), 24)
    return day[0].id


def test_media_is_served_by_item_id(story: Story):
    web = client(story.library)
    item = _an_item(story)
    thumb = web.get(f"/media/{item}/thumb")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    original = web.get(f"/media/{item}")
    assert original.status_code == 200 and original.content[:3] == b"\xff\xd8\xff"
    assert web.get(f"/media/{item}/huge").status_code == 404


TRAVERSALS = (
    "/media/../../etc/passwd",
    "/media/..%2f..%2fetc%2fpasswd",
    "/media/%2e%2e/%2e%2e/etc/passwd",
    "/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/media/%252e%252e%252fetc%252fpasswd",
    "/media/%2fetc%2fpasswd",
    "/media//etc/passwd",
    "/media/etc/passwd",
    "/media/..%5c..%5cetc%5cpasswd",
    "/media/0123456789abcdef/../../../etc/passwd",
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static//etc/passwd",
    "/media/%00",
)


def _raw_get(url: str, path: str) -> tuple[int, bytes]:
    """A request line sent as is, so no client library tidies the path first."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        host = f"127.0.0.1:{parts.port}"
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_no_path_from_the_request_ever_reaches_the_disk(story: Story):
    passwd = open("/etc/passwd", "rb").read()[:20]  # noqa: SIM115
    with live_server(story.library) as url:
        for path in TRAVERSALS:
            status, body = _raw_get(url, path)
            assert status in (400, 404), (path, status)
            assert passwd not in body and b"root:" not in body, path
    web = client(story.library)
    for path in TRAVERSALS:
        out = web.get(path)
        assert out.status_code in (400, 404) and b"root:" not in out.content, path


def test_beyond_loopback_every_route_but_login_and_static_waits_for_the_password(story: Story):
    web = client(story.library, "0.0.0.0", PASSWORD)
    memory, item = story.memory(ASK_FIRST), _an_item(story)
    routes = [*(r for router in ROUTERS for r in router.routes), *web.app.routes]
    checked = 0
    for route in routes:
        path = getattr(route, "path", None) or ""
        if path.startswith(("/login", "/static")) or not getattr(route, "methods", None):
            continue
        url = (
            path.replace("{memory_id}", memory)
            .replace("{item_id}", item)
            .replace("{some_id}", item)
            .replace("{rule_id}", "1")
        )
        for method in route.methods - {"HEAD"}:
            out = web.request(method, url, follow_redirects=False)
            assert out.status_code in (303, 401), (method, path, out.status_code)
            assert HAPPY[0].caption not in out.text
            checked += 1
    assert checked >= 20
    assert [r.id for r in story.library.rules()] == [1, 2], "no action was taken"
