"""The decision for one memory: show, ask or hold, from the evidence and the person's rules.

Evidence becomes concerns. A painful theme found automatically holds the memory when
the evidence is strong and asks first when it is uncertain. The person's rules add
concerns of their own and silence automatic ones: "show" on a theme, a date, an item
or the memory itself, and "remember" (the person opted in), quiet what the engine
guessed, but never a rule the person made to hide something. The most careful
concern wins: hold over ask over show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gentle_memories.care.model import Thresholds
from gentle_memories.curate import wording
from gentle_memories.curate.memories import SEVERITY, Concern, Verdict
from gentle_memories.library.records import Rule, Signal

RULE_VERDICT: dict[str, Verdict | str] = {
    "hide": "hold",
    "ask": "ask",
    "remember": "remember",
    "snooze": "hold",
}


@dataclass
class Outcome:
    verdict: Verdict
    kind: str
    concerns: list[Concern]
    remembered: list[str]


def covers(rule: Rule, day: date) -> bool:
    return rule.target == "dates" and rule.date_from <= day <= rule.date_to


def active(rules: Sequence[Rule], today: date) -> list[Rule]:
    """Rules in force today: a snooze ends on its `until` date."""
    return [r for r in rules if r.action != "snooze" or (r.until and r.until > today)]


def automatic_concerns(signals: Sequence[Signal], limits: Thresholds) -> list[Concern]:
    """One concern per painful theme, at its strongest evidence."""
    strongest: dict[str, tuple[float, bool, str]] = {}
    for signal in signals:
        weight = (signal.score, signal.kind != "context", signal.reason)
        if signal.score >= limits.painful and weight > strongest.get(signal.theme, (-1.0,)):
            strongest[signal.theme] = weight
    return [
        Concern(
            "hold" if score >= limits.strong else "ask",
            reason or f"it speaks of {wording.theme_words(theme)}",
            theme=theme,
            automatic=True,
        )
        for theme, (score, _, reason) in sorted(strongest.items())
    ]


def rule_concerns(
    rules: Sequence[Rule],
    item_ids: set[str],
    memory_id: str,
    source_dates: set[date],
    people: set[str],
    themes: set[str],
    events: set[int],
) -> list[Concern]:
    """Concerns from every rule that speaks to this memory, "show" ones included.

    `item_ids` are the memory's items that rules name; `people` those in its events."""
    people = {p.casefold() for p in people}
    event_ids = {str(e) for e in events}
    found = []
    for rule in rules:
        applies = (
            (rule.target == "dates" and any(covers(rule, d) for d in source_dates))
            or (rule.target == "person" and rule.value.casefold() in people)
            or (rule.target == "theme" and rule.value in themes)
            or (rule.target == "item" and rule.value in item_ids)
            or (rule.target == "event" and rule.value in event_ids)
            or (rule.target == "memory" and rule.value == memory_id)
        )
        if applies and not (rule.target == "item" and rule.action == "hide"):
            verdict = RULE_VERDICT.get(rule.action, "show")
            found.append(Concern(verdict, wording.rule_reason(rule), theme=rule.value, rule=rule))
    return found


def _silenced(concern: Concern, by: Sequence[Concern]) -> bool:
    """An automatic concern yields to a person's show or remember rule that covers it."""
    if not concern.automatic:
        return False
    for c in by:
        rule = c.rule
        if rule is None or rule.action not in ("show", "remember"):
            continue
        if (
            rule.target in ("dates", "memory")
            or (rule.target == "person" and rule.action == "remember")
            or (rule.target == "theme" and rule.value == concern.theme)
        ):
            return True
    return False


def decide(automatic: list[Concern], from_rules: list[Concern], kind: str) -> Outcome:
    """The verdict; the kind becomes remembrance where the person chose remembrance."""
    themed = {c.theme for c in from_rules if c.rule and c.rule.target == "theme"}
    kept = [c for c in automatic if not _silenced(c, from_rules) and c.theme not in themed] + [
        c for c in from_rules if c.verdict != "show"
    ]
    if any(c.rule and c.rule.target == "memory" and c.rule.action == "show" for c in from_rules):
        kept = [c for c in kept if c.rule and c.rule.action == "snooze"]
    remembered = sorted(
        {c.rule.value for c in kept if c.verdict == "remember" and c.rule.target == "person"}
    )
    if any(c.verdict == "remember" for c in kept):
        kind = "remembrance"
    verdicts = [c.verdict for c in kept if c.verdict != "remember"]
    verdict: Verdict = max(verdicts, key=SEVERITY.__getitem__, default="show")
    shown = [c for c in from_rules if c.verdict == "show"]
    return Outcome(verdict, kind, kept + shown, remembered)
