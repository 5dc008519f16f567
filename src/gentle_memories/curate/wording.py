"""Every sentence a person reads about a memory. Calm and plain: no exclamation marks, ever.

Ask of each line: would it be kind to read at 3 a.m. on the worst anniversary of your life?
"""

from __future__ import annotations

from datetime import date

from gentle_memories.care import taxonomy
from gentle_memories.library.records import Rule

VEILED_SENTENCE = "A memory from this day that you may not want to see"


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def years_ago(n: int) -> str:
    return "1 year ago" if n == 1 else f"{n} years ago"


def title(kind: str, verdict: str, years: int, remembered: list[str]) -> str:
    """Only a shown memory's title may say what it is; a veiled or held one stays neutral."""
    if verdict == "show" and kind == "remembrance" and remembered:
        return f"Remembering {' and '.join(remembered)}, {years_ago(years)}"
    if verdict == "show" and kind == "remembrance":
        return f"In remembrance, {years_ago(years)}"
    if verdict == "show":
        return years_ago(years)
    return f"A memory from {years_ago(years)}"


def theme_words(theme: str) -> str:
    return taxonomy.theme_words([theme])


def rule_span(rule: Rule) -> str:
    if rule.date_from == rule.date_to:
        return long_date(rule.date_from)
    return f"{long_date(rule.date_from)} to {long_date(rule.date_to)}"


def rule_reason(rule: Rule) -> str:
    """Why a rule applies, in the person's own terms."""
    if rule.action == "snooze":
        return f"not now: you asked to see this again from {long_date(rule.until)}"
    said = {
        "hide": "you chose to hide",
        "ask": "you asked to be asked first about",
        "show": "you chose to see",
        "remember": "you asked to be reminded of",
    }[rule.action]
    if rule.target == "dates":
        return f"{said} {rule_span(rule)}"
    if rule.target == "theme":
        return f"{said} memories of {theme_words(rule.value)}"
    if rule.target == "person":
        return f"{rule.value} was there, and {said} {rule.value}"
    if rule.target == "item":
        return (
            f"{said} this photo" if rule.action != "hide" else "you chose to hide a photo from it"
        )
    return f"{said} this memory"


def on_this_day_reason(source: date, years: int) -> str:
    return f"from {long_date(source)}, {years_ago(years)}"


PREFIX = {"hold": "held back: ", "ask": "asks first: ", "remember": "", "show": ""}


def hard_day_sentence(today: bool) -> str:
    """Said only where the person looks on purpose (Held back, `today --held`)."""
    return "This may be a hard day." + (" Nothing will be pushed to you today." if today else "")


_OFFER_VERB = {
    "hide": "Hold back {}",
    "ask": "Ask me first before showing {}",
    "show": "Show {}, even if it seems painful",
    "remember": "Remind me gently of {}",
    "snooze": "Set {} aside for now",
}


def rule_offer(rule: Rule) -> str:
    """What a rule will do, said before the person makes it ("Fewer like this", settings)."""
    if rule.target == "dates":
        what = f"memories from {rule_span(rule)}"
    elif rule.target == "theme":
        what = f"memories of {theme_words(rule.value)}"
    elif rule.target == "person":
        what = rule.value if rule.action == "remember" else f"memories with {rule.value}"
    else:
        what = {"item": "this photo", "event": "this event"}.get(rule.target, "this memory")
    said = _OFFER_VERB[rule.action].format(what)
    if rule.action == "snooze" and rule.until:
        said += f", until {long_date(rule.until)}"
    return said
