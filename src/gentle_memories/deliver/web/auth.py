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

from gentle_memories.library import Library
from gentle_memories.library.users import User

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


def check_bind(host: str, password: str | None, library: Library | None = None) -> None:
    """Refuse any address beyond this machine unless a password guards every way in."""
    everyone = library.users() if library else []
    all_guarded = bool(everyone) and all(u.has_password for u in everyone)
    if not is_loopback(host) and not password and not all_guarded:
        raise RefuseToStart(
            f"not listening on {host} without a password: set {PASSWORD_ENV} (or give every "
            "user a password: memories user password NAME), or serve on 127.0.0.1"
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
    """Who may sign in to one running server, and the key that signs their sessions.

    Each user signs in with their own name and password; GENTLE_MEMORIES_PASSWORD, from
    before there were users, stays the first user's password while they have none."""

    secret: bytes
    library: Library
    password: str | None = None

    @property
    def login_required(self) -> bool:
        everyone = self.library.users()
        return bool(self.password) or len(everyone) > 1 or any(u.has_password for u in everyone)

    def _sign(self, *parts: str) -> str:
        pw = hashlib.sha256((self.password or "").encode()).hexdigest()
        message = "\x1f".join((*parts, pw)).encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def sign_in(self, name: str, password: str) -> User | None:
        """The user with this name (or the only user, when none is given) and password."""
        everyone = self.library.users()
        if not name.strip() and len(everyone) == 1:
            name = everyone[0].name
        found = self.library.signed_in_as(name, password)
        if (
            found is None
            and self.password
            and hmac.compare_digest(password.encode("utf-8"), self.password.encode("utf-8"))
        ):
            first = next((u for u in everyone if u.id == 1 and not u.has_password), None)
            if first and (not name.strip() or name.strip().casefold() == first.name.casefold()):
                return first
        return found

    def new_session(self, user: User) -> str:
        issued = str(int(time.time()))
        return f"{issued}.{user.id}.{self._sign('session', issued, str(user.id))}"

    def _session_user(self, value: str | None) -> User | None:
        issued, _, rest = (value or "").partition(".")
        user_id, _, sig = rest.partition(".")
        if not (issued.isdigit() and user_id.isdigit()):
            return None
        if not hmac.compare_digest(sig, self._sign("session", issued, user_id)):
            return None
        if time.time() - int(issued) >= SESSION_SECONDS:
            return None
        return next((u for u in self.library.users() if u.id == int(user_id)), None)

    def _bearer_user(self, request: Request) -> User | None:
        """Scripts may send NAME:PASSWORD (or the password alone) as a bearer token."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        name, colon, password = token.strip().partition(":")
        return self.sign_in(name, password) if colon else self.sign_in("", name)

    def viewer(self, request: Request) -> User | None:
        """Who this request is from; None when nobody need sign in (one user, on this machine)."""
        if not self.login_required:
            return None
        return self._session_user(request.cookies.get(SESSION_COOKIE)) or self._bearer_user(request)

    def signed_in(self, request: Request) -> bool:
        return not self.login_required or self.viewer(request) is not None

    def bearer_valid(self, request: Request) -> bool:
        return self._bearer_user(request) is not None

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
