"""What each user said: their own rules, which no other user's view reads."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select

from gentle_memories.library import schema as s
from gentle_memories.library.codecs import rule_of
from gentle_memories.library.database import MAX_ID, Stored, stamp_now
from gentle_memories.library.records import Rule


class RuleStore(Stored):
    def add_rule(
        self,
        action: str,
        target: str,
        value: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
        until: date | None = None,
    ) -> Rule:
        values = {
            "action": action,
            "target": target,
            "value": value,
            "date_from": date_from,
            "date_to": date_to,
            "until": until,
            "created_at": stamp_now(),
            "user_id": self.user.id,
        }
        with self.deciding() as conn:
            rule_id = conn.execute(insert(s.rules).values(**values)).inserted_primary_key[0]
            row = conn.execute(select(s.rules).where(s.rules.c.id == rule_id)).first()
        return rule_of(row)

    def add_rules(self, rules: list[dict]) -> int:
        """Several rules at once (each with add_rule's arguments), in one transaction."""
        rows = [
            {
                "action": r["action"],
                "target": r["target"],
                "value": r.get("value", ""),
                "date_from": r.get("date_from"),
                "date_to": r.get("date_to"),
                "until": r.get("until"),
                "created_at": r.get("created_at") or stamp_now(),
                "user_id": self.user.id,
            }
            for r in rules
        ]
        if not rows:
            return 0
        with self.deciding() as conn:
            conn.execute(insert(s.rules), rows)
        return len(rows)

    def rules(self) -> list[Rule]:
        with self.engine.connect() as conn:
            query = select(s.rules).where(s.rules.c.user_id == self.user.id).order_by(s.rules.c.id)
            return [rule_of(r) for r in conn.execute(query)]

    def forget_rule(self, rule_id: int) -> bool:
        if not 0 < rule_id <= MAX_ID:  # beyond any key the database holds: no such rule
            return False
        with self.deciding() as conn:
            mine = (s.rules.c.id == rule_id) & (s.rules.c.user_id == self.user.id)
            return conn.execute(delete(s.rules).where(mine)).rowcount > 0
