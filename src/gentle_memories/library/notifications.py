"""The day's notification claim and the log of what was sent or withheld, and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import insert, select, update

from gentle_memories.library import schema as s
from gentle_memories.library.database import MAX_ID, Stored, stamp_now, upsert


class NotificationStore(Stored):
    def claim_notification(
        self, day: date, now: datetime, failed_before: datetime, max_runs: int
    ) -> bool:
        """Take the day's one notification run; False when another run has it or had it.

        One statement each, so two processes (the server and a cron run) cannot both win.
        A failed day may be taken again when its last run began before `failed_before`.
        """
        days = s.notification_claims
        mine = days.c.user_id == self.user.id
        stamp = lambda moment: moment.astimezone(UTC).replace(tzinfo=None)  # noqa: E731
        now = stamp(now)
        with self.transaction() as conn:
            fresh = upsert(
                conn,
                days,
                {
                    "user_id": self.user.id,
                    "day": day,
                    "state": "sending",
                    "claimed_at": now,
                    "attempts": 1,
                },
                replace=False,
            )
            if fresh.first() is not None:
                return True
            again = conn.execute(
                update(days)
                .where(
                    mine,
                    days.c.day == day,
                    days.c.state == "failed",
                    days.c.attempts < min(max_runs, MAX_ID),
                    days.c.claimed_at <= stamp(failed_before),
                )
                .values(state="sending", claimed_at=now, attempts=days.c.attempts + 1)
            )
            return again.rowcount == 1

    def record_notification(
        self, day: date, outcome: str, reasons: Sequence[str], message: str = ""
    ) -> None:
        """Close the day's run with its outcome and log it, in one transaction."""
        with self.transaction() as conn:
            claims = s.notification_claims
            conn.execute(
                update(claims)
                .where(claims.c.user_id == self.user.id, claims.c.day == day)
                .values(state=outcome)
            )
            conn.execute(
                insert(s.notification_log).values(
                    user_id=self.user.id,
                    day=day,
                    at=stamp_now(),
                    outcome=outcome,
                    reasons=list(reasons),
                    message=message,
                )
            )

    def notification_log(self, limit: int = 30) -> list[dict]:
        """The latest notifications sent, withheld or failed, newest first."""
        log = s.notification_log
        query = select(log).where(log.c.user_id == self.user.id)
        query = query.order_by(log.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
