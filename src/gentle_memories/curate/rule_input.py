"""Turning what a person typed or sent into a rule, with a clear word when it cannot be one.

The CLI and the web API both come here, and each shows a RuleError its own way (exit
code 2, HTTP 400): what a valid rule is belongs to the domain, not to a surface."""

from __future__ import annotations

from datetime import date, timedelta

from gentle_memories.care.taxonomy import THEMES
from gentle_memories.curate.memory_id import MemoryId, NotAMemoryId
from gentle_memories.library import Library
from gentle_memories.library.records import Rule

HEX = frozenset("0123456789abcdef")


class RuleError(ValueError):
    """What a person asked for cannot be a rule; the message says why, in one line."""


def parse_span(text: str) -> tuple[date, date]:
    """FROM or FROM..TO, both YYYY-MM-DD, in either order."""
    first, _, last = text.partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if last else start
    except ValueError:
        raise RuleError(f"{text!r} is not a date or a range (YYYY-MM-DD or FROM..TO)") from None
    return min(start, end), max(start, end)


def add_rule(library: Library, action: str, target: str, value: str) -> Rule:
    if target == "dates":
        start, end = parse_span(value)
        return library.add_rule(action, "dates", date_from=start, date_to=end)
    return library.add_rule(action, target, checked_value(library, action, target, value))


def checked_value(
    library: Library, action: str, target: str, value: str, item_here: bool = True
) -> str:
    """The value of a rule on a person, theme, item, event or memory, as it is kept.
    Without `item_here` an item id need only look like one (a rule carried to a new library
    whose photos are yet to be imported: an item's id is its content's, the same there)."""
    if target == "theme" and value not in THEMES:
        raise RuleError(f"{value!r} is not a theme; themes: {', '.join(THEMES)}")
    if target == "item" and item_here and library.visible_item(value) is None:
        raise RuleError(f"there is no item {value}")
    if target == "item" and not (len(value) in (16, 24, 40) and set(value) <= HEX):
        raise RuleError(f"{value!r} is not an item id (16 letters 0-9a-f)")
    if target == "event" and not (value.isdigit() and library.event(int(value))):
        raise RuleError(f"there is no event {value} (`memories explain ITEM` names its event)")
    if target == "memory":
        try:
            MemoryId.parse(value)
        except NotAMemoryId as err:
            raise RuleError(str(err)) from None
    if action == "remember" and target not in ("person", "dates"):
        raise RuleError("remember takes a person or dates")
    value = value.strip()
    if not value:
        raise RuleError(f"say which {target}")
    if not value.isprintable():
        raise RuleError(f"a {target} is words, without control characters")
    return value


def add_snooze(library: Library, target: str, value: str, until: date | None) -> Rule:
    if target == "item" and library.visible_item(value) is None:
        raise RuleError(f"there is no item {value}")
    until = until or date.today() + timedelta(days=365)
    return library.add_rule("snooze", target, value, until=until)
