"""The day as text for the terminal.

By default it says only what is offered: nothing says the day may be hard, and held
memories are counted, never described, since naming them is the very reminder they are
held back to spare. Asked with --held, it says everything: the hard day and each held
memory's reasons (still never a held memory's content).
"""

from __future__ import annotations

from datetime import date

from gentle_memories.curate import wording
from gentle_memories.curate.memories import Day, Memory
from gentle_memories.items import display_path

MAX_ITEMS = 6


def _shown(memory: Memory) -> list[str]:
    when = wording.span(memory.source_date, memory.last_date)
    lines = [memory.title, f"  {_count(memory)} · {when}"]
    for member in memory.items[:MAX_ITEMS]:
        item = member.item
        words = item.caption or item.title
        people = f"  (with {', '.join(item.people)})" if item.people else ""
        lines.append(f"  - {display_path(item.uri)}" + (f"\n    {words}" if words else "") + people)
    if len(memory.items) > MAX_ITEMS:
        lines.append(f"  and {len(memory.items) - MAX_ITEMS} more")
    lines += [f"  why: {r}" for r in memory.reasons]
    return lines


def _count(memory: Memory) -> str:
    n = len(memory.items)
    if memory.item_count > n:
        return f"the best {n} of {memory.item_count} items"
    return "1 item" if n == 1 else f"{n} items"


def set_aside_line(count: int, held_command: str) -> str:
    """How many memories are held, and nothing of what they are or why."""
    if count == 1:
        return f"1 memory is set aside. `{held_command}` shows it and why."
    return f"{count} memories are set aside. `{held_command}` shows them and why."


def _when(day: Day) -> str:
    return "today" if day.date == date.today() else "on this day"


def _held(day: Day) -> list[str]:
    """Everything about the held memories but their content: asked for on purpose."""
    held = [m for m in day.memories if m.decision == "hold"]
    if not held:
        return ["", f"Nothing is set aside {_when(day)}."]
    out = ["", f"Held back, not offered {_when(day)}:"]
    for memory in held:
        out.append(f"  {memory.title} ({memory.id})")
        out += [f"    {r}" for r in memory.reasons]
    return out


def render_day(day: Day, held: bool = False, held_command: str = "memories today --held") -> str:
    """The day's offered memories; with `held`, also the hard day and the held memories."""
    out = [f"{day.date:%A} {wording.long_date(day.date)}"]
    if held and day.hard_day:
        out.append(wording.hard_day_sentence(day.date == date.today()))
        out += [f"  {r}" for r in day.hard_day_reasons]
    offered = [m for m in day.memories if m.decision != "hold"]
    if not offered:
        out += ["", f"No memories to offer {_when(day)}."]
    for memory in offered:
        out.append("")
        if memory.decision == "ask":
            out += [memory.title, f"  {wording.VEILED_SENTENCE}."]
            out.append(f"  To see it: memories show memory {memory.id}")
        else:
            out += _shown(memory)
    if held:
        out += _held(day)
    elif count := sum(m.decision == "hold" for m in day.memories):
        out += ["", set_aside_line(count, held_command)]
    return "\n".join(out)
