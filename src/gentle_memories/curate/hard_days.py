"""Hard days: dates whose earlier years hold something painful, or that the person marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gentle_memories.curate import policy, wording
from gentle_memories.curate.context import DayContext
from gentle_memories.curate.kinds.base import Candidate
from gentle_memories.curate.kinds.on_this_day import month_days
from gentle_memories.library.records import Rule


def hard_day_reasons(context: DayContext, on_this_day: Sequence[Candidate]) -> list[str]:
    """Why the date may be hard, from its on-this-day candidates' evidence (all their items,
    shown or not), its calendar in earlier years, and the person's marks. It takes strong
    evidence, or painful words on two items of that year: one uncertain caption must not
    silence a date for every later year."""
    day, limits = context.day, context.limits
    calendar = context.painful_calendar(month_days(day))
    reasons = [
        f"{wording.years_ago(day.year - on.year)}, your calendar said \u201c{entry.caption}\u201d"
        for on, entries in sorted(calendar.items(), reverse=True)
        for entry, _ in entries[:1]
    ]
    for candidate in on_this_day:
        painful = [s for s in candidate.own + candidate.around if s.score >= limits.painful]
        corroborated = len({s.item_id for s in painful if s.item_id}) > 1
        if painful and (corroborated or max(s.score for s in painful) >= limits.strong):
            theme = wording.theme_words(max(painful, key=lambda s: s.score).theme)
            years = day.year - candidate.year
            reasons.append(f"{wording.years_ago(years)}, this day held {theme}")
    for rule in context.rules:
        if rule.action in ("hide", "ask", "remember") and any(
            policy.covers(rule, earlier) for earlier in anniversaries(day, rule)
        ):
            reasons.append(f"you marked {wording.rule_span(rule)}")
    return list(dict.fromkeys(reasons))


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
