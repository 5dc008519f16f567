"""Every sentence a person reads about a memory. Calm and plain: no exclamation marks, ever.

Ask of each line: would it be kind to read at 3 a.m. on the worst anniversary of your life?
"""

from __future__ import annotations

from datetime import date

from gentle_memories.care import taxonomy
from gentle_memories.library.records import Rule

HARD_DAY_HOLD = "on a hard day, only the day's own memories are offered"
VEILED_SENTENCE = "A memory from this day that you may not want to see"


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def years_ago(n: int) -> str:
    return "1 year ago" if n == 1 else f"{n} years ago"


def title(shown: str, when: str, verdict: str, kind: str, remembered: list[str]) -> str:
    """Only a shown memory's title may say what it is; a veiled or held one says only when
    it is from."""
    if verdict == "show" and kind == "remembrance" and remembered:
        return f"Remembering {' and '.join(remembered)}, {when}"
    if verdict == "show" and kind == "remembrance":
        return f"In remembrance, {when}"
    if verdict == "show":
        return shown
    return f"A memory from {when}"


def span(first: date, last: date) -> str:
    """ "2 to 4 July 2019", "30 June to 2 July 2019", "30 December 2019 to 2 January 2020"."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {long_date(last)}"
    return f"{long_date(first)} to {long_date(last)}"


def this_week_title(years: int) -> str:
    return f"This week, {years_ago(years)}"


def this_week_reason(first: date, last: date, years: int) -> str:
    return f"from {span(first, last)}, the days around this date {years_ago(years)}"


def trip_title(days: int, place: str, year: int) -> str:
    length = "A day" if days == 1 else f"{days} days"
    return f"{length} in {place}, {year}" if place else f"{length} away, {year}"


def trip_reason(first: date, last: date, years: int) -> str:
    return f"away from home {span(first, last)}, {years_ago(years)}"


def person_years_title(name: str, first: int, last: int) -> str:
    return f"You and {name}, {first} to {last}"


def person_years_reason(name: str, years: int, since: date) -> str:
    return f"{name} in your photos over {years} years, since {long_date(since)}"


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
    if rule.target == "event":
        return f"{said} an event it holds"
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
