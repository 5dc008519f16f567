"""The household's users: who signs in, with which password, and who may add others.

Passwords are kept as scrypt hashes (the standard library's, no extra dependency),
never as they were typed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update

from gentle_memories.library import schema as s
from gentle_memories.library.database import Stored, stamp_now
from gentle_memories.library.errors import LibraryError

SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class User:
    id: int
    name: str
    admin: bool
    has_password: bool


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(stored: str, given: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = hashlib.scrypt(
            given.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def _user(row) -> User:
    return User(row.id, row.name, bool(row.admin), bool(row.password))


class UserStore(Stored):
    def users(self) -> list[User]:
        with self.engine.connect() as conn:
            return [_user(r) for r in conn.execute(select(s.users).order_by(s.users.c.id))]

    def user_named(self, name: str) -> User | None:
        query = select(s.users).where(func.lower(s.users.c.name) == name.strip().casefold())
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _user(row) if row else None

    def add_user(self, name: str, password: str, admin: bool = False) -> User:
        """A new user, who signs in with this password and starts with no rules."""
        name = name.strip()
        if not name or len(name) > 64 or any(not c.isprintable() for c in name):
            raise LibraryError("a user's name is a word or a few, up to 64 characters")
        if self.user_named(name):
            raise LibraryError(f"there is already a user called {name}")
        if not password:
            raise LibraryError("a new user needs a password, to sign in with")
        row = {"name": name, "password": hash_password(password), "admin": admin}
        with self.deciding() as conn:
            conn.execute(insert(s.users).values(created_at=stamp_now(), **row))
        return self.user_named(name)

    def set_password(self, user: User, password: str) -> None:
        if not password:
            raise LibraryError("a password cannot be empty")
        with self.deciding() as conn:
            conn.execute(
                update(s.users)
                .where(s.users.c.id == user.id)
                .values(password=hash_password(password))
            )

    def rename_user(self, user: User, name: str) -> User:
        name = name.strip()
        other = self.user_named(name)
        if other and other.id != user.id:
            raise LibraryError(f"there is already a user called {name}")
        with self.deciding() as conn:
            conn.execute(update(s.users).where(s.users.c.id == user.id).values(name=name))
        return self.user_named(name)

    def signed_in_as(self, name: str, password: str) -> User | None:
        """The user whose name and password these are, None otherwise."""
        query = select(s.users).where(func.lower(s.users.c.name) == name.strip().casefold())
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or not row.password or not password_matches(row.password, password):
            return None
        return _user(row)
