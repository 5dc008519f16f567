"""Curation: the one function every surface asks what to offer on a date, and why.

The CLI, the web page, the API and notifications all call `curate_day`; none of them
filters on its own (DESIGN.md, principle 6).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gentle_memories.curate import policy, wording
from gentle_memories.curate.memories import Day, Memory, MemoryItem
from gentle_memories.curate.on_this_day import by_year, collapse_near_identical, month_days
from gentle_memories.items import StoredItem
from gentle_memories.library import Library
from gentle_memories.library.records import Rule, Signal

FILE_DATES_SETTING = "offer_items_dated_by_file_time"


def thresholds() -> policy.Thresholds:
    from gentle_memories.understand import sensitivity

    return policy.Thresholds(painful=sensitivity.PAINFUL, strong=sensitivity.STRONG)


def memory_id(source: date) -> str:
    return f"otd-{source.isoformat()}"


def curate_day(library: Library, day: date, with_file_dates: bool | None = None) -> Day:
    """The memories for `day`: one per earlier year, each with its decision and reasons."""
    if with_file_dates is None:
        with_file_dates = bool(library.setting(FILE_DATES_SETTING, False))
    rules = policy.active(library.rules(), day)
    candidates = [
        i
        for i in library.items_on(month_days(day), before=day)
        if with_file_dates or i.date_confidence != "file_time"
    ]
    limits = thresholds()
    calendar = library.calendar_on(month_days(day), before=day)
    context = _Context(library, candidates, calendar, rules, limits)
    memories = [
        _memory(day, year, items, rules, context, limits)
        for year, items in sorted(by_year(candidates).items(), reverse=True)
    ]
    memories = [m for m in memories if m is not None]
    hard = _hard_day_reasons(day, memories, context.painful_on_day, rules, limits)
    return Day(day, bool(hard), hard, memories)


class _Context:
    """What the day's items carry from their events: painful neighbours and people."""

    def __init__(
        self,
        library: Library,
        candidates: Sequence[StoredItem],
        calendar: Sequence[StoredItem],
        rules: Sequence[Rule],
        limits: policy.Thresholds,
    ) -> None:
        event_ids = {i.event_id for i in candidates if i.event_id is not None}
        self.signals = library.signals_for([i.id for i in [*candidates, *calendar]])
        self.painful_in_event: dict[int, list[Signal]] = {}
        for event_id, sig in library.painful_in_events(event_ids, limits.painful):
            self.painful_in_event.setdefault(event_id, []).append(sig)
        self.painful_on_day: dict[date, list[tuple[StoredItem, Signal]]] = {}
        for entry in calendar:
            for sig in self.signals.get(entry.id, []):
                if sig.score >= limits.painful:
                    self.painful_on_day.setdefault(entry.local_date, []).append((entry, sig))
        names = [r.value for r in rules if r.target == "person"]
        self.people_in_event = library.people_in_events(names, event_ids)

    def signals_of(self, item: StoredItem) -> list[Signal]:
        """The item's own evidence, and what its event and its day's calendar carry."""
        own = list(self.signals.get(item.id, []))
        nearby = [
            (sig.item_id, sig, "another item from the same time and place")
            for sig in self.painful_in_event.get(item.event_id, [])
        ] + [
            (entry.id, sig, f"your calendar that day says \u201c{entry.caption}\u201d")
            for entry, sig in self.painful_on_day.get(item.local_date, [])
        ]
        for other, sig, where in nearby:
            if other != item.id:
                own.append(
                    Signal(item.id, "context", sig.theme, sig.score, f"{where}: {sig.reason}")
                )
        return own

    def people(self, items: Sequence[StoredItem]) -> set[str]:
        return {p for i in items for p in self.people_in_event.get(i.event_id, set())}


def _memory(
    day: date,
    year: int,
    items: list[StoredItem],
    rules: Sequence[Rule],
    context: _Context,
    limits: policy.Thresholds,
) -> Memory | None:
    hidden_items = {r.value for r in rules if r.target == "item" and r.action == "hide"}
    kept = [i for i in items if i.id not in hidden_items]
    set_aside = [(i, "you chose to hide this item") for i in items if i.id in hidden_items]
    source = min(i.local_date for i in items)
    mid = memory_id(source)
    years = day.year - year
    members = [MemoryItem(i, context.signals_of(i)) for i in collapse_near_identical(kept)]
    shown_items = {r.value for r in rules if r.target == "item" and r.action == "show"}
    automatic = policy.automatic_concerns(
        [m for m in members if m.item.id not in shown_items], limits
    )
    themes = {c.theme for c in automatic} | {t for m in members for t in m.themes}
    from_rules = policy.rule_concerns(
        rules, members, mid, {i.local_date for i in items}, context.people(items), themes
    )
    if not members:
        from_rules.append(policy.Concern("hold", "you chose to hide every item of it"))
    outcome = policy.decide(automatic, from_rules)
    reasons = [
        wording.PREFIX[c.verdict] + c.reason for c in outcome.concerns if c.verdict != "show"
    ]
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
        concerns=outcome.concerns,
        set_aside=set_aside,
    )


def _hard_day_reasons(
    day: date,
    memories: Sequence[Memory],
    calendar: dict[date, list[tuple[StoredItem, Signal]]],
    rules: Sequence[Rule],
    limits: policy.Thresholds,
) -> list[str]:
    """A hard day: earlier years on this date hold something painful, or the person marked it."""
    reasons = [
        f"{wording.years_ago(day.year - on.year)}, your calendar said \u201c{entry.caption}\u201d"
        for on, entries in sorted(calendar.items(), reverse=True)
        for entry, _ in entries[:1]
    ]
    for memory in memories:
        painful = [s for m in memory.items for s in m.signals if s.score >= limits.painful]
        if painful:
            theme = wording.theme_words(max(painful, key=lambda s: s.score).theme)
            reasons.append(f"{wording.years_ago(memory.years_ago)}, this day held {theme}")
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
