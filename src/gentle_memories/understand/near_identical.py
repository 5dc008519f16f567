"""Near-identical shots: a burst, or one picture saved twice, which a memory shows once.

Two shots are near-identical when their fingerprints (a 64-bit perceptual hash) differ
in a few bits, or in a few more when they were taken seconds apart. The best of a group
is the one that is no clutter (not blurred, not dark), then with words, then the most pixels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from gentle_memories.items import StoredItem

BURST_SECONDS = 10
BURST_DISTANCE = 10
SAME_PICTURE_DISTANCE = 4


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _seconds_apart(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None):
        return float("inf")
    return abs((a - b).total_seconds())


def near_identical(a: StoredItem, b: StoredItem) -> bool:
    if not a.fingerprint or not b.fingerprint or a.kind != b.kind:
        return False
    distance = _distance(a.fingerprint, b.fingerprint)
    if distance <= SAME_PICTURE_DISTANCE:
        return True
    return distance <= BURST_DISTANCE and _seconds_apart(a.taken_at, b.taken_at) <= BURST_SECONDS


def quality(item: StoredItem) -> tuple:
    pixels = (item.width or 0) * (item.height or 0)
    return (not item.clutter, bool(item.caption or item.title), pixels, item.size, -len(item.uri))


def _candidate_pairs(items: Sequence[StoredItem]) -> set[tuple[int, int]]:
    """Pairs that may be near-identical, without comparing every item with every other.

    Shots of a burst lie within BURST_SECONDS of each other in time order. Two copies of
    one picture differ in at most SAME_PICTURE_DISTANCE bits, so split into that many
    plus one chunks, they share one chunk exactly (the pigeonhole principle).
    """
    pairs: set[tuple[int, int]] = set()
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    chunks = SAME_PICTURE_DISTANCE + 1
    width = -(-64 // chunks)
    for n, item in enumerate(items):
        if item.fingerprint:
            bits = int(item.fingerprint, 16)
            for c in range(chunks):
                buckets[(c, (bits >> (c * width)) & ((1 << width) - 1))].append(n)
    for members in buckets.values():
        pairs.update((a, b) for a in members for b in members if a < b)
    naive = {n: i.taken_at.replace(tzinfo=None) for n, i in enumerate(items) if i.taken_at}
    timed = sorted(naive, key=naive.__getitem__)
    window = timedelta(seconds=BURST_SECONDS)
    for pos, n in enumerate(timed):
        for m in timed[pos + 1 :]:
            if naive[m] - naive[n] > window:
                break
            pairs.add((min(n, m), max(n, m)))
    return pairs


def collapse_near_identical(items: Sequence[StoredItem]) -> list[StoredItem]:
    """Keep the best of each group of near-identical shots, in time order.

    Shots with the same fingerprint join at once, so a day holding five thousand copies
    of one picture costs no more than one copy; only distinct fingerprints are paired.
    """
    group = list(range(len(items)))

    def root(n: int) -> int:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    first: dict[tuple[str, str], int] = {}
    distinct: list[int] = []
    for n, item in enumerate(items):
        if item.fingerprint:
            key = (item.kind, item.fingerprint)
            if key in first:
                group[n] = first[key]
            else:
                first[key] = n
                distinct.append(n)
    shots = [items[n] for n in distinct]
    for a, b in _candidate_pairs(shots):
        if near_identical(shots[a], shots[b]):
            group[root(distinct[a])] = root(distinct[b])
    groups: dict[int, list[StoredItem]] = defaultdict(list)
    for n, item in enumerate(items):
        groups[root(n)].append(item)
    best = [max(members, key=quality) for members in groups.values()]
    return sorted(best, key=lambda i: (i.local_date, i.taken_at.replace(tzinfo=None)))
