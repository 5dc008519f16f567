"""What the person's choices on a memory do to their rules, for the page and the API alike.

Every choice is a rule the person can see and undo in Settings; nothing here decides
what is offered, the curation function does.

"Show it" on a veiled card makes no rule: it opens the card for this view only, so
the memory asks first again next year. A painful day can feel different a year later,
and one tap should not quietly turn a careful default off for good.
"""

from __future__ import annotations

from datetime import date, timedelta

from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.explain import anniversary_on_or_after
from gentle_memories.curate.memories import Memory
from gentle_memories.curate.memory_id import MemoryId, NotAMemoryId
from gentle_memories.library import Library
from gentle_memories.library.records import Rule

HOLDING_ACTIONS = ("hide", "snooze")
MAX_DATES_OFFERED = 31
"""Hiding a trip's dates is a fair offer; hiding the years of a person's memory is not."""


class UnknownMemory(LookupError):
    pass


def source_date(memory_id: str) -> date:
    """The day the memory comes back on each year."""
    try:
        return MemoryId.parse(memory_id).on
    except NotAMemoryId:
        raise UnknownMemory(memory_id) from None


def memory_on(library: Library, memory_id: str, day: date) -> Memory:
    """The memory as curation decides it on `day`, or on its next anniversary from `day`."""
    source = source_date(memory_id)
    if (day.month, day.day) != (source.month, source.day) or day <= source:
        day = anniversary_on_or_after(source, max(day, source + timedelta(days=1)))
    for memory in curate_day(library, day).memories:
        if memory.id == memory_id:
            return memory
    raise UnknownMemory(memory_id)


def _memory_rules(library: Library, memory_id: str, actions: tuple[str, ...]) -> list[Rule]:
    return [
        r
        for r in library.rules()
        if r.target == "memory" and r.value == memory_id and r.action in actions
    ]


def not_now(library: Library, memory_id: str, day: date) -> Rule:
    """Snooze until the memory's next anniversary after `day`."""
    until = anniversary_on_or_after(source_date(memory_id), day + timedelta(days=1))
    return library.add_rule("snooze", "memory", memory_id, until=until)


def never(library: Library, memory_id: str) -> Rule:
    """Hold the memory; an earlier "show" of it would outweigh the hold, so it goes."""
    source_date(memory_id)
    for rule in _memory_rules(library, memory_id, ("show",)):
        library.forget_rule(rule.id)
    existing = _memory_rules(library, memory_id, ("hide",))
    return existing[0] if existing else library.add_rule("hide", "memory", memory_id)


keep = never


def release(library: Library, memory_id: str, day: date) -> None:
    """Undo the person's own holds on the memory; if it is still held, offer it anyway."""
    source_date(memory_id)
    for rule in _memory_rules(library, memory_id, HOLDING_ACTIONS):
        library.forget_rule(rule.id)
    try:
        still_held = memory_on(library, memory_id, day).decision == "hold"
    except UnknownMemory:
        return
    if still_held:
        library.add_rule("show", "memory", memory_id)


def fewer_offers(memory: Memory) -> list[Rule]:
    """The rules "Fewer like this" can make for a memory, unsaved, most specific first."""
    offers = [Rule(0, "hide", "memory", memory.id)]
    people = sorted({p for m in memory.items for p in m.item.people}, key=str.casefold)
    for person in people:
        offers += [Rule(0, "ask", "person", person), Rule(0, "hide", "person", person)]
    themes = sorted({t for m in memory.items for t in m.themes})
    offers += [Rule(0, "ask", "theme", t) for t in themes]
    if (memory.last_date - memory.source_date).days <= MAX_DATES_OFFERED:
        offers.append(
            Rule(0, "hide", "dates", date_from=memory.source_date, date_to=memory.last_date)
        )
    return offers


def make_offer(library: Library, memory: Memory, choice: int) -> Rule:
    offers = fewer_offers(memory)
    if not 0 <= choice < len(offers):
        raise ValueError("no such choice")
    o = offers[choice]
    return library.add_rule(o.action, o.target, o.value, o.date_from, o.date_to)


def current_choice(rules: list[Rule], target: str, value: str) -> str:
    """The action of the person's latest rule about a person or theme, or "" for none."""
    folded = value.casefold()
    found = [r for r in rules if r.target == target and r.value.casefold() == folded]
    return found[-1].action if found else ""


def set_choice(library: Library, target: str, value: str, action: str) -> None:
    """One rule per person or theme: replace what was said before ("" forgets it)."""
    folded = value.casefold()
    for rule in library.rules():
        if rule.target == target and rule.value.casefold() == folded:
            library.forget_rule(rule.id)
    if action:
        library.add_rule(action, target, value)
