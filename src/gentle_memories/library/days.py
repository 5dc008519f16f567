"""What `today` reads of a day: its items by year, its best shots and the calendar around it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, literal, or_, select

from gentle_memories.items import StoredItem
from gentle_memories.library import schema as s
from gentle_memories.library.codecs import stored_items
from gentle_memories.library.database import Stored, chunks, visible_to


@dataclass(frozen=True)
class DaysAsked:
    """Which items `today` may offer: these month-days, in years before `before`."""

    month_days: tuple[str, ...]
    before: date
    with_file_dates: bool = False
    hidden: frozenset[str] = frozenset()
    within: tuple[date, date] | None = None
    """Only these dates, first to last (a trip); the month-days still pick the index."""
    viewer: int | None = None
    """The user asking: their private items and the household's; None: every item."""

    def where(self) -> list:
        c = s.items.c
        found = [
            c.month_day.in_(self.month_days),
            c.local_date < self.before,
            c.offered.is_(True),
        ]
        if self.within:
            found.append(c.local_date.between(*self.within))
        if not self.with_file_dates:
            found.append(c.date_confidence != "file_time")
        if self.viewer is not None:
            found.append(visible_to(c.owner_id, self.viewer))
        return found

    def not_hidden(self) -> list:
        """No condition at all when no rule hides an item: an empty NOT IN is asked of every
        entry read."""
        return [s.items.c.id.not_in(sorted(self.hidden))] if self.hidden else []


class DayReads(Stored):
    def day_overview(self, days: DaysAsked) -> list[tuple[date, int | None, bool, int]]:
        """(local date, event id, hidden by a rule, how many) of the items `today` may offer.

        Read from one covering index, not from the items: at a million items a month-day
        holds thousands of them. Near-identical copies (day rank 0) are not counted.
        """
        c = s.items.c
        groups = [c.local_date, c.event_id]
        hidden = literal(False)  # an empty IN would be asked of every entry
        if days.hidden:
            hidden = c.id.in_(sorted(days.hidden))
            groups.append(hidden)
        query = (
            select(c.local_date, c.event_id, hidden, func.count())
            .where(*days.where(), or_(c.day_rank.is_(None), c.day_rank != 0))
            .group_by(*groups)
        )
        with self.engine.connect() as conn:
            return [(d, e, bool(h), n) for d, e, h, n in conn.execute(query)]

    def day_highlights(self, days: DaysAsked, per_day: int) -> list[StoredItem]:
        """The best-ranked items of each day asked about, and any not ranked yet, in time order."""
        c = s.items.c
        query = (
            select(s.items)
            .where(
                *days.where(),
                or_(c.day_rank.between(1, per_day + len(days.hidden)), c.day_rank.is_(None)),
                *days.not_hidden(),
            )
            .order_by(c.taken_at)
        )
        with self.engine.connect() as conn:
            return stored_items(conn, conn.execute(query))

    def copies_of(self, kept_ids: Iterable[str], hidden: Iterable[str]) -> list[StoredItem]:
        """The near-identical copies that collapse into these shots, but those hidden."""
        c = s.items.c
        found: list[StoredItem] = []
        with self.engine.connect() as conn:
            for chunk in chunks(sorted(set(kept_ids))):
                query = select(s.items).where(
                    c.collapsed_into.in_(chunk), c.id.not_in(sorted(hidden))
                )
                found += stored_items(conn, conn.execute(query))
        return found

    def calendar_on(self, month_days: Sequence[str], before: date) -> list[StoredItem]:
        """Calendar entries on these month-days in earlier years: context for those days,
        the household's and the viewing user's own."""
        query = select(s.items).where(
            visible_to(s.items.c.owner_id, self.user.id),
            s.items.c.kind == "calendar",
            s.items.c.month_day.in_(list(month_days)),
            s.items.c.local_date < before,
        )
        with self.engine.connect() as conn:
            return stored_items(conn, conn.execute(query))

    def month_day_counts(self, month: int, before_year: int) -> dict[str, int]:
        """Offered items per month-day ("MM-DD") of `month`, from years before `before_year`."""
        query = (
            select(s.items.c.month_day, func.count())
            .where(
                s.items.c.month_day.startswith(f"{month:02d}-"),
                s.items.c.local_date < date(before_year, 1, 1),
                s.items.c.offered.is_(True),
                visible_to(s.items.c.owner_id, self.user.id),
            )
            .group_by(s.items.c.month_day)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())
