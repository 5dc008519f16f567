"""What `today` reads of a day: its items by year, its best shots and the calendar around it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, func, literal, or_, select

from gentle_memories.items import StoredItem
from gentle_memories.library import schema as s
from gentle_memories.library.codecs import stored_items
from gentle_memories.library.database import Stored, chunks, visible_to


class Shape(NamedTuple):
    """What a statement over the days asked depends on beyond its bound values."""

    within: bool
    with_file_dates: bool
    viewer: bool
    hidden: bool


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

    @property
    def shape(self) -> Shape:
        """Statements are built once for each shape (`where`), then bound to `values`: a
        day's dozen statements cost more to build than to run."""
        return Shape(
            self.within is not None,
            self.with_file_dates,
            self.viewer is not None,
            bool(self.hidden),
        )

    def values(self) -> dict:
        first, last = self.within or (None, None)
        return {
            "month_days": list(self.month_days),
            "before": self.before,
            "first": first,
            "last": last,
            "viewer": self.viewer,
            "hidden": sorted(self.hidden),
        }


@cache
def where(shape: Shape) -> tuple[ColumnElement, ...]:
    """The conditions on the items of the days asked, bound to DaysAsked.values()."""
    c = s.items.c
    found = [
        c.month_day.in_(bindparam("month_days", expanding=True)),
        c.local_date < bindparam("before"),
        c.offered.is_(True),
    ]
    if shape.within:
        found.append(c.local_date.between(bindparam("first"), bindparam("last")))
    if not shape.with_file_dates:
        found.append(c.date_confidence != "file_time")
    if shape.viewer:
        found.append(visible_to(c.owner_id, bindparam("viewer")))
    return tuple(found)


def not_hidden(any_hidden: bool) -> list[ColumnElement]:
    """No condition at all when no rule hides an item: an empty NOT IN is asked of every
    entry read."""
    return [s.items.c.id.not_in(bindparam("hidden", expanding=True))] if any_hidden else []


@cache
def _overview(shape: Shape) -> Select:
    c = s.items.c
    groups = [c.local_date, c.event_id]
    hidden = literal(False)  # an empty IN would be asked of every entry
    if shape.hidden:
        hidden = c.id.in_(bindparam("hidden", expanding=True))
        groups.append(hidden)
    return (
        select(c.local_date, c.event_id, hidden, func.count())
        .where(*where(shape), or_(c.day_rank.is_(None), c.day_rank != 0))
        .group_by(*groups)
    )


@cache
def _highlights(shape: Shape) -> Select:
    c = s.items.c
    ranked = or_(c.day_rank.between(1, bindparam("ranks")), c.day_rank.is_(None))
    return (
        select(s.items).where(*where(shape), ranked, *not_hidden(shape.hidden)).order_by(c.taken_at)
    )


@cache
def _copies(any_hidden: bool) -> Select:
    c = s.items.c
    copies = c.collapsed_into.in_(bindparam("kept", expanding=True))
    return select(s.items).where(copies, *not_hidden(any_hidden))


@cache
def _calendar() -> Select:
    c = s.items.c
    return select(s.items).where(
        visible_to(c.owner_id, bindparam("viewer")),
        c.kind == "calendar",
        c.month_day.in_(bindparam("month_days", expanding=True)),
        c.local_date < bindparam("before"),
    )


class DayReads(Stored):
    def day_overview(self, days: DaysAsked) -> list[tuple[date, int | None, bool, int]]:
        """(local date, event id, hidden by a rule, how many) of the items `today` may offer.

        Read from one covering index, not from the items: at a million items a month-day
        holds thousands of them. Near-identical copies (day rank 0) are not counted.
        """
        with self.engine.connect() as conn:
            rows = conn.execute(_overview(days.shape), days.values())
            return [(d, e, bool(h), n) for d, e, h, n in rows]

    def day_highlights(self, days: DaysAsked, per_day: int) -> list[StoredItem]:
        """The best-ranked items of each day asked about, and any not ranked yet, in time order."""
        values = {**days.values(), "ranks": per_day + len(days.hidden)}
        with self.engine.connect() as conn:
            return stored_items(conn, conn.execute(_highlights(days.shape), values))

    def copies_of(self, kept_ids: Iterable[str], hidden: Iterable[str]) -> list[StoredItem]:
        """The near-identical copies that collapse into these shots, but those hidden."""
        hidden = sorted(hidden)
        query = _copies(bool(hidden))
        found: list[StoredItem] = []
        with self.engine.connect() as conn:
            for chunk in chunks(sorted(set(kept_ids))):
                found += stored_items(conn, conn.execute(query, {"kept": chunk, "hidden": hidden}))
        return found

    def calendar_on(self, month_days: Sequence[str], before: date) -> list[StoredItem]:
        """Calendar entries on these month-days in earlier years: context for those days,
        the household's and the viewing user's own."""
        values = {"viewer": self.user.id, "month_days": list(month_days), "before": before}
        with self.engine.connect() as conn:
            return stored_items(conn, conn.execute(_calendar(), values))

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
