"""The day as text for the terminal. A held memory shows only its reasons, never its content."""

from __future__ import annotations

from gentle_memories.curate import wording
from gentle_memories.curate.memories import Day, Memory
from gentle_memories.items import display_path

MAX_ITEMS = 6


def _shown(memory: Memory) -> list[str]:
    lines = [memory.title, f"  {_count(memory)} · {wording.long_date(memory.source_date)}"]
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


def render_day(day: Day) -> str:
    out = [f"{day.date:%A} {wording.long_date(day.date)}"]
    if day.hard_day:
        out.append(wording.HARD_DAY_SENTENCE)
    offered = [m for m in day.memories if m.decision != "hold"]
    held = [m for m in day.memories if m.decision == "hold"]
    if not offered:
        out += ["", "No memories to offer today."]
    for memory in offered:
        out.append("")
        if memory.decision == "ask":
            out += [memory.title, f"  {wording.VEILED_SENTENCE}."]
            out.append(f"  To see it: memories show memory {memory.id}")
        else:
            out += _shown(memory)
    if held:
        out += ["", "Held back, not offered today:"]
        for memory in held:
            out.append(f"  {memory.title} ({memory.id})")
            out += [f"    {r}" for r in memory.reasons]
    return "\n".join(out)
