"""Curation: the one function every surface asks what to offer on a date, and why.

The CLI, the web page, the API and notifications all call `curate_day`; none of them
filters on its own (docs/design.md, principle 6). Each kind finds its candidates; the one
policy decides every one of them (decide.py).
"""

from __future__ import annotations

from datetime import date

from gentle_memories.curate import decide
from gentle_memories.curate.context import DayContext
from gentle_memories.curate.hard_days import hard_day_reasons
from gentle_memories.curate.kinds.base import MemoryKind
from gentle_memories.curate.kinds.on_this_day import OnThisDay
from gentle_memories.curate.kinds.people_years import PeopleYears
from gentle_memories.curate.kinds.this_week import ThisWeek
from gentle_memories.curate.kinds.trips import Trips
from gentle_memories.curate.memories import Day
from gentle_memories.library import Library

ON_THIS_DAY = OnThisDay()
MORE_KINDS: tuple[MemoryKind, ...] = (Trips(), PeopleYears(), ThisWeek())
"""In the order they are offered, after on this day. On a hard day none is offered: they
are held, so that tools still see them and why."""
LITTLE = 3
"""A date whose own memories show fewer than this holds little: the days around it help."""


def curate_day(library: Library, day: date, with_file_dates: bool | None = None) -> Day:
    """The memories for `day`, each with its decision and reasons: on this day, one per
    earlier year, then trips, people and the week around it (held on a hard day)."""
    context = DayContext.open(library, day, with_file_dates)
    found = ON_THIS_DAY.candidates(context)
    memories = [decide.memory(c, context) for c in found]
    hard = hard_day_reasons(context, found)
    own_years = {c.year for c in found}
    holds_little = sum(m.decision == "show" for m in memories) < LITTLE
    for kind in MORE_KINDS:
        if kind.fills_gaps and (hard or not holds_little):
            continue
        for candidate in kind.candidates(context):
            if not (kind.fills_gaps and candidate.year in own_years):
                memories.append(decide.memory(candidate, context, on_hard_day=bool(hard)))
    return Day(day, bool(hard), hard, memories)
