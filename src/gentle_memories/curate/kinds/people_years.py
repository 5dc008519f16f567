"""People over the years: the best shot of each year with someone the library names often.

It comes back on the anniversary of the first photo of them. Never for a person the
person hid. Never for someone the library's words say has died (a loss or a memorial
among their photos), unless the person chose remembrance for them, and then only as
remembrance: the policy turns a remember rule into the remembrance kind.
"""

from __future__ import annotations

from gentle_memories.curate import wording
from gentle_memories.curate.context import SAME_EVENT, DayContext
from gentle_memories.curate.kinds.base import Candidate
from gentle_memories.curate.kinds.on_this_day import month_days
from gentle_memories.curate.memories import MemoryItem
from gentle_memories.curate.memory_id import MemoryId, slug
from gentle_memories.library.records import Signal

OFTEN = 20
"""Items naming someone before they are someone the library names often."""
MIN_YEARS = 3
LOSS_THEMES = frozenset({"bereavement", "funeral_memorial", "pet_loss", "remembrance"})


def _said_of(context: DayContext, name: str, actions: tuple[str, ...]) -> bool:
    folded = name.casefold()
    return any(
        r.target == "person" and r.value.casefold() == folded and r.action in actions
        for r in context.rules
    )


class PeopleYears:
    name = "person_years"
    fills_gaps = False

    def candidates(self, context: DayContext) -> list[Candidate]:
        day, library, limits = context.day, context.library, context.limits
        candidates = []
        for name, first, items, years in library.people_first_seen(month_days(day), day):
            if items < OFTEN or years < MIN_YEARS:
                continue
            if _said_of(context, name, ("hide",)):
                continue
            painful = library.signals_with_person(name, limits.painful)
            gone = any(s.theme in LOSS_THEMES and s.score >= limits.strong for s in painful)
            if gone and not _said_of(context, name, ("remember",)):
                continue
            shots = [
                i for i in library.best_with_person(name, before=day) if i.id not in context.hidden
            ]
            if len(shots) < MIN_YEARS:
                continue
            candidates.append(self._candidate(context, name, first, items, shots, painful))
        return candidates

    def _candidate(self, context, name, first, items, shots, painful: list[Signal]) -> Candidate:
        library = context.library
        own = library.signals_for([i.id for i in shots])
        events = {i.event_id for i in shots if i.event_id is not None}
        around = [
            Signal("", "context", sig.theme, sig.score, f"{SAME_EVENT}: {sig.reason}")
            for _, sig in library.painful_in_events(events, context.limits.painful)
        ]
        since, last = shots[0].local_date.year, shots[-1].local_date.year
        named = {r.value for r in context.rules if r.target == "item"}
        return Candidate(
            id=MemoryId(self.name, first, slug(name)),
            year=last,
            dates={i.local_date for i in shots},
            members=[MemoryItem(i, own.get(i.id, [])) for i in shots],
            item_count=items,
            own=[s for found in own.values() for s in found] + painful,
            title=wording.person_years_title(name, since, last),
            about=wording.person_years_reason(name, len(shots), first),
            when=f"{since} to {last}",
            around=around,
            events=events,
            people={name} | {p for i in shots for p in i.people},
            named=[i for i in shots if i.id in named],
        )
