"""Who the photos name: counts, first photos and the best shot of each year with someone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, delete, extract, func, insert, or_, select

from gentle_memories.items import StoredItem
from gentle_memories.library import schema as s
from gentle_memories.library.codecs import stored_items
from gentle_memories.library.database import Stored, chunks, visible_to


@cache
def _in_event() -> Select:
    """Is anyone called this in this event: one photo of them is enough."""
    return (
        select(s.items.c.id)
        .join(s.item_people, s.items.c.id == s.item_people.c.item_id)
        .where(
            s.items.c.event_id == bindparam("event"),
            func.lower(s.item_people.c.name) == bindparam("name"),
        )
        .limit(1)
    )


@cache
def _first_seen() -> Select:
    c = s.people_seen.c
    return select(s.people_seen).where(
        c.month_day.in_(bindparam("month_days", expanding=True)), c.first < bindparam("before")
    )


class PeopleStore(Stored):
    def people(self) -> list[tuple[str, int]]:
        """Every person named in the items this user sees, with how many, by name."""
        query = (
            select(s.item_people.c.name, func.count())
            .join(s.items, s.items.c.id == s.item_people.c.item_id)
            .where(visible_to(s.items.c.owner_id, self.user.id))
            .group_by(s.item_people.c.name)
            .order_by(func.lower(s.item_people.c.name))
        )
        with self.engine.connect() as conn:
            return [(name, count) for name, count in conn.execute(query)]

    def people_in_events(
        self, names: Iterable[str], event_ids: Iterable[int]
    ) -> dict[int, set[str]]:
        """Which of these events each named person appears in (names in lower case).

        Asked as "is anyone called N in event E", which stops at the first photo of them:
        an event of a busy day holds hundreds of items and their people."""
        lowered = sorted({n.casefold() for n in names})
        ids = sorted(set(event_ids))
        if not lowered or not ids:
            return {}
        found: dict[int, set[str]] = {}
        with self.engine.connect() as conn:
            for event_id in ids:
                for name in lowered:
                    if conn.execute(_in_event(), {"event": event_id, "name": name}).first():
                        found.setdefault(event_id, set()).add(name)
        return found

    def count_people_seen(self, touched_only: bool = False) -> None:
        """Count again who the household's photos name: since when, on how many items,
        over how many years (offered items dated by more than their file's time; never a
        private source's, which would show in everyone's counts).

        With `touched_only`, only the people an import touched: those the unsettled items
        name and those an item stopped naming (people_recount). Each is counted over all
        their items, so a count never drifts; the cost grows with them, not the library."""
        c, p = s.items.c, s.item_people.c
        counted = (
            select(
                p.name,
                func.min(c.local_date),
                func.count(),
                func.count(extract("year", c.local_date).distinct()),
            )
            .join(s.items, c.id == p.item_id)
            .where(
                c.local_date.isnot(None),
                c.offered.is_(True),
                c.date_confidence != "file_time",
                c.owner_id.is_(None),
            )
            .group_by(p.name)
        )
        with self.transaction() as conn:
            if touched_only:
                unsettled = select(c.id).where(c.day_rank.is_(None))  # from its partial index
                named = select(p.name).where(p.item_id.in_(unsettled))
                touched = named.union(select(s.people_recount.c.name))
                names = sorted(conn.execute(touched).scalars())
                found = []
                for chunk in chunks(names):
                    found += conn.execute(counted.where(p.name.in_(chunk))).all()
                    conn.execute(delete(s.people_seen).where(s.people_seen.c.name.in_(chunk)))
            else:
                found = conn.execute(counted).all()
                conn.execute(delete(s.people_seen))
            conn.execute(delete(s.people_recount))
            rows = [
                {"name": n, "first": d, "month_day": f"{d:%m-%d}", "items": k, "years": y}
                for n, d, k, y in found
            ]
            if rows:
                conn.execute(insert(s.people_seen), rows)

    def people_first_seen(
        self, month_days: Sequence[str], before: date
    ) -> list[tuple[str, date, int, int]]:
        """(name, first date, items, years) of the people first seen on these month-days
        of an earlier year."""
        values = {"month_days": list(month_days), "before": before}
        with self.engine.connect() as conn:
            rows = conn.execute(_first_seen(), values)
            return [(r.name, r.first, r.items, r.years) for r in rows]

    def best_with_person(self, name: str, before: date) -> list[StoredItem]:
        """The best shot of each year with this person (by day rank, then words), oldest first."""
        c, p = s.items.c, s.item_people.c
        rank = (
            func.row_number()
            .over(
                partition_by=extract("year", c.local_date),
                order_by=[c.day_rank.is_(None), c.day_rank, func.length(c.caption).desc(), c.id],
            )
            .label("year_rank")
        )
        ranked = (
            select(s.items, rank)
            .join(s.item_people, c.id == p.item_id)
            .where(
                func.lower(p.name) == name.casefold(),
                c.owner_id.is_(None),
                c.local_date < before,
                c.offered.is_(True),
                c.date_confidence != "file_time",
                c.kind.in_(("photo", "video")),
                c.clutter == "",
                or_(c.day_rank.is_(None), c.day_rank != 0),
            )
            .subquery()
        )
        query = select(ranked).where(ranked.c.year_rank == 1).order_by(ranked.c.local_date)
        with self.engine.connect() as conn:
            return stored_items(conn, conn.execute(query))
