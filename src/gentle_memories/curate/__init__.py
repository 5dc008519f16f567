"""Curation: the one function every surface asks what to offer on a date, and why.

The CLI, the web page, the API and notifications all call `curate_day`; none of them
filters on its own (DESIGN.md, principle 6).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from gentle_memories.care import model as care_model
from gentle_memories.curate import policy, wording
from gentle_memories.curate.memories import Day, Memory, MemoryItem
from gentle_memories.curate.on_this_day import month_days
from gentle_memories.items import StoredItem
from gentle_memories.library import DaysAsked, Library
from gentle_memories.library.records import Rule, Signal
from gentle_memories.understand.near_identical import (
    near_identical_groups,
    quality,
    with_group_words,
)

FILE_DATES_SETTING = "offer_items_dated_by_file_time"


def thresholds() -> care_model.Thresholds:
    return care_model.current().thresholds


def memory_id(source: date) -> str:
    return f"otd-{source.isoformat()}"


SHOWN_PER_DAY = 24
"""A memory shows the best shots of each of its days, as a phone's memories do; a busy day
can hold hundreds. Ranks come from the import (understand/day_ranks.py)."""


def curate_day(library: Library, day: date, with_file_dates: bool | None = None) -> Day:
    """The memories for `day`: one per earlier year, each with its decision and reasons."""
    if with_file_dates is None:
        with_file_dates = bool(library.setting(FILE_DATES_SETTING, False))
    rules = policy.active(library.rules(), day)
    hidden = frozenset(r.value for r in rules if r.target == "item" and r.action == "hide")
    asked = DaysAsked(tuple(month_days(day)), day, with_file_dates, hidden)
    years = _years(library.day_overview(asked))
    shown, copies = _highlights(library, asked)
    limits = thresholds()
    context = _Context(library, asked, years, rules, limits, copies)
    memories = [
        _memory(day, year, years[year], shown.get(year, []), rules, context, limits)
        for year in sorted(years, reverse=True)
    ]
    evidence = {day.year - n: context.evidence(year, n) for n, year in years.items()}
    hard = _hard_day_reasons(day, evidence, context.painful_on_day, rules, limits)
    return Day(day, bool(hard), hard, memories)


@dataclass
class _Year:
    """What one earlier year holds on the date, counted in the library, not read item by item."""

    dates: set[date] = field(default_factory=set)
    events: set[int] = field(default_factory=set)
    count: int = 0
    """Items the memory may offer: not near-identical copies, not hidden by a rule."""


def _years(overview: list[tuple[date, int | None, bool, int]]) -> dict[int, _Year]:
    years: dict[int, _Year] = {}
    for on, event_id, hidden, count in overview:
        year = years.setdefault(on.year, _Year())
        year.dates.add(on)
        if event_id is not None:
            year.events.add(event_id)
        if not hidden:
            year.count += count
    return years


def _highlights(
    library: Library, asked: DaysAsked
) -> tuple[dict[int, list[StoredItem]], dict[str, list[StoredItem]]]:
    """The best SHOWN_PER_DAY of each day, by rank, or by quality where not ranked yet
    (ranked items are collapsed already), and the near-identical copies of each shown
    shot, read from the library or collapsed here, whose words it shows."""
    items = library.day_highlights(asked, SHOWN_PER_DAY)
    ranked = [i for i in items if i.day_rank is not None]
    groups = near_identical_groups([i for i in items if i.day_rank is None])
    unranked = [best for best, *_ in groups]
    copies = {best.id: rest for best, *rest in groups}
    by_date: dict[date, list[StoredItem]] = defaultdict(list)
    for item in sorted([*ranked, *unranked], key=lambda i: i.taken_at.replace(tzinfo=None)):
        by_date[item.local_date].append(item)
    years: dict[int, list[StoredItem]] = defaultdict(list)
    for on, found in sorted(by_date.items()):
        best = sorted(found, key=quality, reverse=True)
        best.sort(key=lambda i: (i.day_rank is None, i.day_rank or 0))
        kept = {i.id for i in best[:SHOWN_PER_DAY]}
        years[on.year] += [i for i in found if i.id in kept]
    shown = [i.id for found in years.values() for i in found if i.day_rank is not None]
    for copy in library.copies_of(shown, asked.hidden):
        copies.setdefault(copy.collapsed_into, []).append(copy)
    return years, copies


class _Context:
    """What the day's items carry beyond their own words: their events, calendar and people."""

    def __init__(
        self,
        library: Library,
        asked: DaysAsked,
        years: dict[int, _Year],
        rules: Sequence[Rule],
        limits: care_model.Thresholds,
        copies: dict[str, list[StoredItem]],
    ) -> None:
        self.copies = copies
        event_ids = {e for y in years.values() for e in y.events}
        self.own: dict[str, list[Signal]] = defaultdict(list)
        self.own_in_year: dict[int, list[Signal]] = defaultdict(list)
        for on, sig in library.signals_on(asked):
            self.own[sig.item_id].append(sig)
            self.own_in_year[on.year].append(sig)
        self.painful_in_event: dict[int, list[Signal]] = defaultdict(list)
        for event_id, sig in library.painful_in_events(event_ids, limits.painful):
            self.painful_in_event[event_id].append(sig)
        calendar = library.calendar_on(asked.month_days, before=asked.before)
        calendar_signals = library.signals_for([entry.id for entry in calendar])
        self.painful_on_day: dict[date, list[tuple[StoredItem, Signal]]] = defaultdict(list)
        for entry in calendar:
            for sig in calendar_signals.get(entry.id, []):
                if sig.score >= limits.painful:
                    self.painful_on_day[entry.local_date].append((entry, sig))
        names = [r.value for r in rules if r.target == "person"]
        self.people_in_event = library.people_in_events(names, event_ids)
        self.hidden = asked.hidden
        named = {r.value for r in rules if r.target == "item"}
        offered = (i for i in map(library.item, sorted(named)) if i and i.offered)
        self.named = [
            i
            for i in offered
            if i.local_date and (asked.with_file_dates or i.date_confidence != "file_time")
        ]

    def _from_event(self, event_id: int | None) -> list[tuple[Signal, str]]:
        where = "another item from the same time and place"
        return [(sig, where) for sig in self.painful_in_event.get(event_id, [])]

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

    def shown(self, item: StoredItem) -> MemoryItem:
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

    def evidence(
        self, year: _Year, number: int, shown: set[str] = frozenset(), with_context: bool = True
    ) -> list[Signal]:
        """Every signal of the year's items but those the person chose to show, and what
        their events and calendar days carry unless the person showed every item."""
        own = [s for s in self.own_in_year.get(number, []) if s.item_id not in shown]
        if not with_context:
            return own
        around = [f for e in sorted(year.events) for f in self._from_event(e)]
        around += [f for on in sorted(year.dates) for f in self._from_calendar(on)]
        return own + self._as_context("", around)

    def people(self, year: _Year, items: Sequence[StoredItem]) -> set[str]:
        found = {p for e in year.events for p in self.people_in_event.get(e, set())}
        return found | {p for i in items for p in i.people}


def _memory(
    day: date,
    number: int,
    year: _Year,
    items: list[StoredItem],
    rules: Sequence[Rule],
    context: _Context,
    limits: care_model.Thresholds,
) -> Memory:
    named = [i for i in context.named if i.local_date in year.dates]
    set_aside = [(i, "you chose to hide this item") for i in named if i.id in context.hidden]
    source = min(year.dates)
    mid = memory_id(source)
    members = [context.shown(i) for i in items]
    shown_items = {r.value for r in rules if r.target == "item" and r.action == "show"}
    everything_shown = year.count <= len([i for i in named if i.id in shown_items])
    evidence = context.evidence(year, number, shown_items, not everything_shown)
    automatic = policy.automatic_concerns(evidence, limits)
    themes = {s.theme for s in evidence if s.theme != "unspecified"}
    from_rules = policy.rule_concerns(
        rules,
        {i.id for i in named},
        mid,
        year.dates,
        context.people(year, [m.item for m in members]),
        themes,
    )
    if not year.count:
        from_rules.append(policy.Concern("hold", "you chose to hide every item of it"))
    outcome = policy.decide(automatic, from_rules)
    reasons = [
        wording.PREFIX[c.verdict] + c.reason for c in outcome.concerns if c.verdict != "show"
    ]
    years = day.year - number
    if outcome.verdict == "show":
        reasons = [wording.on_this_day_reason(source, years), *reasons]
        reasons += [c.reason for c in outcome.concerns if c.verdict == "show"]
    return Memory(
        id=mid,
        kind=outcome.kind,
        source_date=source,
        years_ago=years,
        title=wording.title(outcome.kind, outcome.verdict, years, outcome.remembered),
        decision=outcome.verdict,
        reasons=_unique(reasons),
        items=members,
        item_count=year.count,
        concerns=outcome.concerns,
        set_aside=set_aside,
    )


def _hard_day_reasons(
    day: date,
    evidence: dict[int, list[Signal]],
    calendar: dict[date, list[tuple[StoredItem, Signal]]],
    rules: Sequence[Rule],
    limits: care_model.Thresholds,
) -> list[str]:
    """A hard day: earlier years on this date hold something painful (among all their items,
    shown or not; `evidence` by years ago), or the person marked it. It takes strong
    evidence, or painful words on two items of that year: one uncertain caption must not
    silence a date for every later year."""
    reasons = [
        f"{wording.years_ago(day.year - on.year)}, your calendar said \u201c{entry.caption}\u201d"
        for on, entries in sorted(calendar.items(), reverse=True)
        for entry, _ in entries[:1]
    ]
    for years, signals in evidence.items():
        painful = [s for s in signals if s.score >= limits.painful]
        corroborated = len({s.item_id for s in painful if s.item_id}) > 1
        if painful and (corroborated or max(s.score for s in painful) >= limits.strong):
            theme = wording.theme_words(max(painful, key=lambda s: s.score).theme)
            reasons.append(f"{wording.years_ago(years)}, this day held {theme}")
    for rule in rules:
        if rule.action in ("hide", "ask", "remember") and any(
            policy.covers(rule, earlier) for earlier in anniversaries(day, rule)
        ):
            reasons.append(f"you marked {wording.rule_span(rule)}")
    return _unique(reasons)


def anniversaries(day: date, rule: Rule) -> list[date]:
    """The same month-day as `day` in every earlier year a dates rule spans."""
    if rule.target != "dates":
        return []
    found = []
    for year in range(rule.date_from.year, min(rule.date_to.year, day.year - 1) + 1):
        for md in month_days(day):
            try:
                found.append(date(year, int(md[:2]), int(md[3:])))
            except ValueError:
                continue
    return found


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
