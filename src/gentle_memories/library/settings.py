"""Settings, each a JSON value under a key: the household's, and each user's own."""

from __future__ import annotations

from sqlalchemy import select

from gentle_memories.library import schema as s
from gentle_memories.library.database import Stored, upsert


class SettingStore(Stored):
    def setting(self, key: str, default=None):
        with self.engine.connect() as conn:
            value = conn.execute(select(s.settings.c.value).where(s.settings.c.key == key)).scalar()
        return value if value is not None else default

    def set_setting(self, key: str, value) -> None:
        with self.deciding() as conn:
            upsert(conn, s.settings, {"key": key, "value": value})

    def user_setting(self, key: str, default=None):
        c = s.user_settings.c
        query = select(c.value).where(c.user_id == self.user.id, c.key == key)
        with self.engine.connect() as conn:
            value = conn.execute(query).scalar()
        return value if value is not None else default

    def user_settings(self) -> dict:
        """Every setting of this user's own, by key."""
        c = s.user_settings.c
        query = select(c.key, c.value).where(c.user_id == self.user.id).order_by(c.key)
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def set_user_setting(self, key: str, value) -> None:
        row = {"user_id": self.user.id, "key": key, "value": value}
        with self.deciding() as conn:
            upsert(conn, s.user_settings, row)
