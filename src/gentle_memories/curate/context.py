"""The day's context: what every kind of memory is decided from, read from the library once.

`DayContext` is the date with the person's rules in force and the model's thresholds.
`Gathered` is what one kind asked the library for (the items of some days in earlier
years), with what their events, calendar and people carry beyond their own words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from gentle_memories.care import model as care_model
from gentle_memories.curate import policy
from gentle_memories.curate.memories import MemoryItem
from gentle_memories.items import StoredItem
from gentle_memories.library import DaysAsked, Library
from gentle_memories.library.records import Rule, Signal
from gentle_memories.understand.near_identical import (
    near_identical_groups,
    quality,
    with_group_words,
)

FILE_DATES_SETTING = "offer_items_dated_by_file_time"

SHOWN_PER_DAY = 24
"""A memory shows the best shots of each of its days, as a phone's memories do; a busy day
can hold hundreds. Ranks come from the import (understand/day_ranks.py)."""

SAME_EVENT = "another item from the same time and place"

CalendarDays = dict[date, list[tuple[StoredItem, Signal]]]


@dataclass
class DayContext:
    library: Library
    day: date
    rules: list[Rule]
    limits: care_model.Thresholds
    with_file_dates: bool
    hidden: frozenset[str]
    """Items the person chose to hide."""
    _calendar: dict[tuple[str, ...], CalendarDays] = field(default_factory=dict)

    @classmethod
    def open(cls, library: Library, day: date, with_file_dates: bool | None) -> DayContext:
        library = library.as_user(library.user)  # found once, not on every read of the day
        if with_file_dates is None:
            with_file_dates = bool(library.user_setting(FILE_DATES_SETTING, False))
        rules = policy.active(library.rules(), day)
        hidden = frozenset(r.value for r in rules if r.target == "item" and r.action == "hide")
        limits = care_model.current().thresholds
        return cls(library, day, rules, limits, with_file_dates, hidden)

    def asked(
        self, month_days: Sequence[str], within: tuple[date, date] | None = None
    ) -> DaysAsked:
        days = (tuple(month_days), self.day, self.with_file_dates, self.hidden, within)
        return DaysAsked(*days, viewer=self.library.user.id)

    def gather(self, asked: DaysAsked, per_day: int = SHOWN_PER_DAY) -> Gathered:
        return Gathered(self, asked, per_day)

    def painful_calendar(self, month_days: Sequence[str]) -> CalendarDays:
        """Calendar entries on these month-days in earlier years that name something
        painful; read once a day, for the memories and for the hard day alike."""
        key = tuple(month_days)
        if key not in self._calendar:
            self._calendar[key] = _painful_calendar(self.library, key, self.day, self.limits)
        return self._calendar[key]


@dataclass
class Year:
    """What one earlier year holds on the days asked, counted in the library, not read
    item by item."""

    number: int
    dates: set[date] = field(default_factory=set)
    events: set[int] = field(default_factory=set)
    count: int = 0
    """Items the memory may offer: not near-identical copies, not hidden by a rule."""


def _painful_calendar(
    library: Library, month_days: Sequence[str], before: date, limits: care_model.Thresholds
) -> CalendarDays:
    calendar = library.calendar_on(month_days, before=before)
    signals = library.signals_for([entry.id for entry in calendar])
    found: CalendarDays = defaultdict(list)
    for entry in calendar:
        for sig in signals.get(entry.id, []):
            if sig.score >= limits.painful:
                found[entry.local_date].append((entry, sig))
    return found


class Gathered:
    """The items of the days a kind asked for, by year, and the evidence around them."""

    def __init__(self, context: DayContext, asked: DaysAsked, per_day: int) -> None:
        library, limits = context.library, context.limits
        self.years = _years(library.day_overview(asked))
        self.shown, self.copies = _highlights(library, asked, per_day)
        event_ids = {e for y in self.years.values() for e in y.events}
        self.own: dict[str, list[Signal]] = defaultdict(list)
        self.own_on: dict[date, list[Signal]] = defaultdict(list)
        for on, sig in library.signals_on(asked):
            self.own[sig.item_id].append(sig)
            self.own_on[on].append(sig)
        self.painful_in_event: dict[int, list[Signal]] = defaultdict(list)
        for event_id, sig in library.painful_in_events(event_ids, limits.painful):
            self.painful_in_event[event_id].append(sig)
        self.painful_on_day = context.painful_calendar(asked.month_days)
        names = [r.value for r in context.rules if r.target == "person"]
        self.people_in_event = library.people_in_events(names, event_ids)
        named = {r.value for r in context.rules if r.target == "item"}
        offered = (i for i in map(library.item, sorted(named)) if i and i.offered)
        self.named = [
            i
            for i in offered
            if i.local_date and (asked.with_file_dates or i.date_confidence != "file_time")
        ]

    def _from_event(self, event_id: int | None) -> list[tuple[Signal, str]]:
        return [(sig, SAME_EVENT) for sig in self.painful_in_event.get(event_id, [])]

    def _from_calendar(self, on: date | None) -> list[tuple[Signal, str]]:
        return [
            (sig, f"your calendar that day says \u201c{entry.caption}\u201d")
            for entry, sig in self.painful_on_day.get(on, [])
        ]

    @staticmethod
    def _as_context(
        item_id: str, found: list[tuple[Signal, str]], own: Collection[str] = ()
    ) -> list[Signal]:
        return [
            Signal(item_id, "context", sig.theme, sig.score, f"{where}: {sig.reason}")
            for sig, where in found
            if sig.item_id not in own
        ]

    def shown_as(self, item: StoredItem) -> MemoryItem:
        """The item as its memory shows it: with the words and people of the near-identical
        copies that collapse into it, their evidence beside its own, and what its event and
        its day's calendar carry."""
        copies = self.copies.get(item.id, [])
        ids = [item.id, *(c.id for c in copies)]
        around = self._from_event(item.event_id) + self._from_calendar(item.local_date)
        own = [s for i in ids for s in self.own.get(i, [])]
        return MemoryItem(
            with_group_words(item, copies), own + self._as_context(item.id, around, ids)
        )

    def own_evidence(self, year: Year) -> list[Signal]:
        """Every signal of the year's items, hidden ones aside."""
        return [sig for on in sorted(year.dates) for sig in self.own_on.get(on, [])]

    def around(self, year: Year) -> list[Signal]:
        """What the year's events and calendar days carry."""
        found = [f for e in sorted(year.events) for f in self._from_event(e)]
        found += [f for on in sorted(year.dates) for f in self._from_calendar(on)]
        return self._as_context("", found)

    def people(self, year: Year, items: Sequence[StoredItem]) -> set[str]:
        found = {p for e in year.events for p in self.people_in_event.get(e, set())}
        return found | {p for i in items for p in i.people}

    def as_one(self, number: int) -> tuple[Year, list[StoredItem]]:
        """Every year asked for as one, named `number`: a trip over New Year is one trip."""
        one = Year(number)
        for year in self.years.values():
            one.dates |= year.dates
            one.events |= year.events
            one.count += year.count
        return one, [i for n in sorted(self.shown) for i in self.shown[n]]

    def named_in(self, year: Year) -> list[StoredItem]:
        """The year's items that a rule names."""
        return [i for i in self.named if i.local_date in year.dates]


def _years(overview: list[tuple[date, int | None, bool, int]]) -> dict[int, Year]:
    years: dict[int, Year] = {}
    for on, event_id, hidden, count in overview:
        year = years.setdefault(on.year, Year(on.year))
        year.dates.add(on)
        if event_id is not None:
            year.events.add(event_id)
        if not hidden:
            year.count += count
    return years


def _highlights(
    library: Library, asked: DaysAsked, per_day: int
) -> tuple[dict[int, list[StoredItem]], dict[str, list[StoredItem]]]:
    """The best `per_day` of each day, by rank, or by quality where not ranked yet
    (ranked items are collapsed already), in time order, but for a clearly better shot
    (with words, or more pixels) that leads; and the near-identical copies of each shown
    shot, read from the library or collapsed here, whose words it shows."""
    items = library.day_highlights(asked, per_day)
    ranked = [i for i in items if i.day_rank is not None]
    groups = near_identical_groups([i for i in items if i.day_rank is None and not i.clutter])
    unranked = [best for best, *_ in groups]
    copies = {best.id: rest for best, *rest in groups}
    by_date: dict[date, list[StoredItem]] = defaultdict(list)
    for item in sorted([*ranked, *unranked], key=lambda i: i.taken_at.replace(tzinfo=None)):
        by_date[item.local_date].append(item)
    years: dict[int, list[StoredItem]] = defaultdict(list)
    for on, found in sorted(by_date.items()):
        kept = {i.id for i in _best_first(found)[:per_day]}
        years[on.year] += [i for i in found if i.id in kept]
    for number, shots in years.items():
        face = _best_first(shots)[0]
        if quality(face)[:3] > quality(shots[0])[:3]:
            years[number] = [face, *(i for i in shots if i is not face)]
    shown = [i.id for found in years.values() for i in found if i.day_rank is not None]
    for copy in library.copies_of(shown, asked.hidden):
        copies.setdefault(copy.collapsed_into, []).append(copy)
    return years, copies


def _best_first(items: list[StoredItem]) -> list[StoredItem]:
    """By day rank, and by quality where not ranked yet."""
    best = sorted(items, key=quality, reverse=True)
    best.sort(key=lambda i: (i.day_rank is None, i.day_rank or 0))
    return best
