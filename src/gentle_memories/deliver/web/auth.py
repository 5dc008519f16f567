"""Who may use the page, and proof that an action came from the page itself.

On 127.0.0.1 with no password set, the page is the person's own, like the CLI; it
still checks the Host header, so that a web page elsewhere cannot reach it by DNS
rebinding. On any other address it refuses to start without a password, then asks
for it once and keeps a signed session cookie (HttpOnly, SameSite). Every POST
carries a token tied to a cookie that other sites cannot read, so they cannot act
for the person.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request

PASSWORD_ENV = "GENTLE_MEMORIES_PASSWORD"
SESSION_COOKIE = "gm_session"
CSRF_COOKIE = "gm_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_SECONDS = 30 * 24 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECRET_FILE = "web-secret"


class RefuseToStart(ValueError):
    """Serving as asked would expose the library; the message says what to do instead."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, password: str | None) -> None:
    """Refuse any address beyond this machine unless a password guards it."""
    if not is_loopback(host) and not password:
        raise RefuseToStart(
            f"not listening on {host} without a password: set {PASSWORD_ENV}, or serve on 127.0.0.1"
        )


def load_secret(home: Path) -> bytes:
    """The key that signs sessions, kept in the library home so a restart keeps people in."""
    path = home / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secret.hex())
    return secret


@dataclass(frozen=True)
class Access:
    """The password (if any) and the signing key of one running server."""

    secret: bytes
    password: str | None = None

    @property
    def login_required(self) -> bool:
        return bool(self.password)

    def _sign(self, *parts: str) -> str:
        pw = hashlib.sha256((self.password or "").encode()).hexdigest()
        message = "\x1f".join((*parts, pw)).encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def password_matches(self, given: str) -> bool:
        return bool(self.password) and hmac.compare_digest(
            given.encode("utf-8"), self.password.encode("utf-8")
        )

    def new_session(self) -> str:
        issued = str(int(time.time()))
        return f"{issued}.{self._sign('session', issued)}"

    def session_valid(self, value: str | None) -> bool:
        issued, _, sig = (value or "").partition(".")
        if not issued.isdigit() or not hmac.compare_digest(sig, self._sign("session", issued)):
            return False
        return time.time() - int(issued) < SESSION_SECONDS

    def bearer_valid(self, request: Request) -> bool:
        """Scripts may send the password as a bearer token instead of a cookie."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self.password_matches(token.strip())

    def signed_in(self, request: Request) -> bool:
        if not self.login_required:
            return True
        return self.session_valid(request.cookies.get(SESSION_COOKIE)) or self.bearer_valid(request)

    def csrf_token(self, seed: str) -> str:
        return self._sign("csrf", seed)


def csrf_seed(request: Request) -> str:
    """The browser's CSRF cookie value, or a fresh one the response will set."""
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed or len(seed) > 64:
        seed = getattr(request.state, "new_csrf_seed", None) or secrets.token_urlsafe(32)
        request.state.new_csrf_seed = seed
    return seed


def form_token(request: Request) -> str:
    """The token every form on the page carries."""
    access: Access = request.app.state.access
    return access.csrf_token(csrf_seed(request))


async def check_csrf(request: Request) -> None:
    """Every state-changing request must prove it came from this page (or bear the password)."""
    if request.method in SAFE_METHODS:
        return
    access: Access = request.app.state.access
    if access.login_required and access.bearer_valid(request):
        return
    seed = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        given = (await request.form()).get(CSRF_FIELD)
    if (
        not seed
        or not isinstance(given, str)
        or not hmac.compare_digest(given, access.csrf_token(seed))
    ):
        raise HTTPException(403, "This action did not come from this page. Please reload it.")
