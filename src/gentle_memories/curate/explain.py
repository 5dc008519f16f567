"""`memories explain ID`: every signal and rule behind a decision, in plain lines."""

from __future__ import annotations

from datetime import date

from gentle_memories.curate import wording
from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.memories import Memory
from gentle_memories.curate.memory_id import MemoryId, NotAMemoryId
from gentle_memories.items import display_path
from gentle_memories.library import Library
from gentle_memories.understand import clutter


class NotFound(Exception):
    pass


def anniversary_on_or_after(source: date, today: date) -> date:
    """The next day (from today) on which `source` comes back as an on-this-day memory."""
    year = max(today.year, source.year + 1)
    while True:
        try:
            candidate = date(year, source.month, source.day)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
        year += 1


def explain(library: Library, some_id: str, today: date) -> list[str]:
    """Lines for an item id or a memory id (such as otd-2019-07-04)."""
    item = library.visible_item(some_id)
    if item is None:
        try:
            memory_id = MemoryId.parse(some_id)
        except NotAMemoryId as err:
            raise NotFound(f"{some_id}: no item or memory with this id") from err
        day = anniversary_on_or_after(memory_id.on, today)
        memory = _memory_with(library, day, lambda m: m.id == some_id)
        if memory is None:
            raise NotFound(f"{some_id}: no memory with this id")
        return _memory_lines(memory, day)
    if item is None:
        raise NotFound(f"{some_id}: no item or memory with this id")
    lines = [
        f"item {item.id}: {item.kind} at {display_path(item.uri)}",
        f"  taken {item.taken_at.isoformat() if item.taken_at else 'at an unknown time'}"
        f" ({item.date_confidence}, from {item.date_source})",
    ]
    if item.caption or item.title:
        lines.append(f"  caption: {item.caption or item.title}")
    if item.people:
        lines.append(f"  people: {', '.join(item.people)}")
    lines += [f"  note: {n}" for n in item.notes]
    if item.event_id is not None:
        event = library.event(item.event_id)
        lines.append(f"  event {event.id}: {event.item_count} items, {event.why}")
    if item.local_date is None:
        return [*lines, "  never offered on this day: its date is unknown"]
    if item.clutter:
        return [*lines, f"  left out of memories: {clutter.describe(item.clutter)}"]
    if item.day_rank == 0:
        kept = library.item(item.collapsed_into)
        lines.append(
            f"  not offered: it collapses into the near-identical shot {kept.id}"
            f" at {display_path(kept.uri)}"
        )
        if item.caption or item.title or item.people:
            lines.append("  its words and people show with that shot")
        return lines
    if item.date_confidence == "file_time":
        lines.append("  offered only if you ask for items dated by their file's time")
    day = anniversary_on_or_after(item.local_date, today)
    memory = _memory_with(
        library,
        day,
        lambda m: m.id.startswith("otd-") and m.source_date.year == item.local_date.year,
    )
    if memory is None:
        return [*lines, "  not offered on this day"]
    if any(i.id == item.id for i, _ in memory.set_aside):
        return [*lines, "  held back: you chose to hide this item"]
    member = next((m for m in memory.items if m.item.id == item.id), None)
    if member is None:
        lines.append(
            f"  one of {memory.item_count} items of its day;"
            f" the memory shows the best {len(memory.items)}"
        )
    signals = member.signals if member else library.signals_for([item.id]).get(item.id, [])
    lines += [f"  signal ({s.kind}, {s.theme}, {s.score:.2f}): {s.reason}" for s in signals]
    return lines + _memory_lines(memory, day)


def _memory_with(library: Library, day: date, wanted) -> Memory | None:
    return next((m for m in curate_day(library, day, True).memories if wanted(m)), None)


def _memory_lines(memory: Memory, day: date) -> list[str]:
    lines = [
        f"memory {memory.id} on {wording.long_date(day)}: {memory.decision}"
        f" ({memory.kind}, {memory.title})"
    ]
    lines += [f"  reason: {r}" for r in memory.reasons]
    for concern in memory.concerns:
        origin = f"rule {concern.rule.id}: {concern.rule.describe()}" if concern.rule else "found"
        lines.append(f"  {concern.verdict} ({origin}): {concern.reason}")
    return lines
