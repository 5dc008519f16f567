"""Day ranks: the order in which a day's shots are worth showing, worked out once at import.

A lifetime library holds thousands of items on every month-day; a memory shows the best
few of each year, and `today` must not read them all to find those. So each day's shots
are ranked here: near-identical copies get 0 (never offered) and the id of the shot they
collapse into, so that the shot can show their words, and clutter (understand/clutter.py:
screenshots, receipts, blurred shots) gets 0 too; the rest 1, 2, 3... taking the best
shot of each event in turn, so that a memory of a busy day shows the morning and the
evening, not thirty frames of the cake. An item not ranked yet has no rank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import groupby, zip_longest

from gentle_memories.items import StoredItem
from gentle_memories.library import Library
from gentle_memories.understand.near_identical import near_identical_groups, quality

COPY = 0
NOT_OFFERED = -1
"""The rank of an item no day offers (withdrawn by its source, or without a date)."""
FLUSH = 20_000


def rank_day(items: Sequence[StoredItem]) -> dict[str, tuple[int, str | None]]:
    """(rank, the shot it collapses into) of every item of one day: 0 and the kept shot's
    id for a near-identical copy, 0 and no shot for clutter, else 1 for the best."""
    groups = near_identical_groups(items)
    kept = [best for best, *_ in groups if not best.clutter]
    by_event: dict[object, list[StoredItem]] = defaultdict(list)
    for item in kept:
        by_event[item.event_id if item.event_id is not None else item.id].append(item)
    turns = [sorted(shots, key=quality, reverse=True) for shots in by_event.values()]
    order = [i for round_ in zip_longest(*turns) for i in round_ if i is not None]
    ranks: dict[str, tuple[int, str | None]] = {
        copy.id: (COPY, best.id) for best, *copies in groups for copy in copies
    }
    ranks.update({best.id: (COPY, None) for best, *_ in groups if best.clutter})
    ranks.update({item.id: (n, None) for n, item in enumerate(order, start=1)})
    return ranks


def rank_days(library: Library) -> int:
    """Rank the shots of every day that has new or changed items; returns how many ranks
    changed. A day whose items did not change keeps its ranks without being read."""
    changed: dict[str, int] = {}
    count = 0
    for _, day in groupby(library.day_rank_input(), key=lambda item: item.local_date):
        shots = list(day)
        old = {item.id: (item.day_rank, item.collapsed_into) for item in shots}
        # each private source's shots rank apart: a copy never carries its words across
        owners: dict[int | None, list[StoredItem]] = {}
        for shot in shots:
            owners.setdefault(shot.owner_id, []).append(shot)
        new = {i: r for group in owners.values() for i, r in rank_day(group).items()}
        changed.update({i: r for i, r in new.items() if old[i] != r})
        if len(changed) >= FLUSH:
            count += len(changed)
            library.set_day_ranks(changed)
            changed = {}
    library.set_day_ranks(changed)
    library.settle_unrankable(NOT_OFFERED)
    return count + len(changed)
