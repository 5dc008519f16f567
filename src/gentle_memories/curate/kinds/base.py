"""What a kind of memory is: a way to find candidates for a date, before any decision.

A kind says what it would offer and how to name it when shown; it never decides. Every
candidate of every kind passes the same policy (curate/decide.py), with its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from gentle_memories.curate.context import DayContext, Gathered, Year
from gentle_memories.curate.memories import MemoryItem
from gentle_memories.curate.memory_id import MemoryId
from gentle_memories.items import StoredItem
from gentle_memories.library.records import Signal


@dataclass
class Candidate:
    id: MemoryId
    year: int
    """The year it is from; for a span of years, the latest."""
    dates: set[date]
    members: list[MemoryItem]
    item_count: int
    own: list[Signal]
    """The signals of all its items, shown or not."""
    title: str
    """Said only when it is shown."""
    about: str
    """Its first reason, said only when it is shown."""
    when: str
    """When it is from ("7 years ago", "2016 to 2024"): all a veiled or held one says."""
    around: list[Signal] = field(default_factory=list)
    """What its events and calendar days carry."""
    events: set[int] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    named: list[StoredItem] = field(default_factory=list)
    """Its items that a rule names."""


class MemoryKind(Protocol):
    name: str
    fills_gaps: bool
    """Offered only for years the kinds before it left empty, on a date that holds little."""

    def candidates(self, context: DayContext) -> list[Candidate]: ...


def from_year(
    gathered: Gathered,
    year: Year,
    memory_id: MemoryId,
    items: list[StoredItem],
    said: tuple[str, str, str],
) -> Candidate:
    """A candidate of the items one year holds on the days asked; `said` is its title,
    first reason and when it is from."""
    title, about, when = said
    members = [gathered.shown_as(i) for i in items]
    return Candidate(
        id=memory_id,
        year=year.number,
        dates=set(year.dates),
        members=members,
        item_count=year.count,
        own=gathered.own_evidence(year),
        title=title,
        about=about,
        when=when,
        around=gathered.around(year),
        events=set(year.events),
        people=gathered.people(year, [m.item for m in members]),
        named=gathered.named_in(year),
    )
