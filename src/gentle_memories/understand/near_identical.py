"""Near-identical shots: a burst, or one picture saved twice, which a memory shows once.

Only two things are one shot. A burst: shots seconds apart (BURST_SECONDS, chained, so a
long burst is one) whose fingerprints (a 64-bit perceptual hash) differ in a few bits. A
true copy: the same pixels saved again, which the library can tell only as far as the
fingerprint is identical and the dimensions are the same; such a copy joins whenever it
is dated that day (a copy sent on or exported later often carries the later time). The
same bytes found in two places are one item in the library already (library/store.py).
Two look-alike photos taken hours apart, a view at breakfast and at lunch, stay two.

The best of a group is the one that is no clutter (not blurred, not dark), then with
words, then the most pixels; as a memory shows it,
it carries the group's words and people, so a caption or a name written on a shot that
is not shown still shows. The items themselves keep their own words.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from gentle_memories.items import StoredItem

BURST_SECONDS = 10
BURST_DISTANCE = 10


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _seconds_apart(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None):
        return float("inf")
    return abs((a - b).total_seconds())


def burst(a: StoredItem, b: StoredItem) -> bool:
    """Two shots of one burst: alike fingerprints, taken seconds apart."""
    if not a.fingerprint or not b.fingerprint or a.kind != b.kind:
        return False
    return (
        _distance(a.fingerprint, b.fingerprint) <= BURST_DISTANCE
        and _seconds_apart(a.taken_at, b.taken_at) <= BURST_SECONDS
    )


def _same_pixels(item: StoredItem) -> tuple | None:
    """What two true copies share: kind, fingerprint and dimensions."""
    if not item.fingerprint:
        return None
    return (item.kind, item.fingerprint, item.width, item.height)


def quality(item: StoredItem) -> tuple:
    pixels = (item.width or 0) * (item.height or 0)
    words = bool(item.caption or item.title)
    return (not item.clutter, item.favourite, words, pixels, item.size, -len(item.uri))


def _fingerprint_key(item: StoredItem) -> tuple:
    return (item.kind, item.fingerprint, item.taken_at.tzinfo is None)


def _burst_pairs(items: Sequence[StoredItem]) -> Iterator[tuple[int, int]]:
    """Pairs of shots of one burst, walking the day in time order.

    A shot is compared with the latest shot of each fingerprint of the last BURST_SECONDS,
    not with every shot of them: a day holding thousands of copies of one picture taken
    in the same seconds costs no more than one.
    """
    timed = sorted(
        (n for n, i in enumerate(items) if i.fingerprint and i.taken_at),
        key=lambda n: items[n].taken_at.replace(tzinfo=None),
    )
    window = timedelta(seconds=BURST_SECONDS)
    recent: deque[int] = deque()
    latest: dict[tuple, int] = {}
    for n in timed:
        now = items[n].taken_at.replace(tzinfo=None)
        while recent and now - items[recent[0]].taken_at.replace(tzinfo=None) > window:
            gone = recent.popleft()
            key = _fingerprint_key(items[gone])
            if latest.get(key) == gone:
                del latest[key]
        for m in latest.values():
            if burst(items[m], items[n]):
                yield m, n
        recent.append(n)
        latest[_fingerprint_key(items[n])] = n


def near_identical_groups(items: Sequence[StoredItem]) -> list[list[StoredItem]]:
    """The day's shots in groups of near-identical ones, each best first; a shot alike to
    no other is a group of one."""
    group = list(range(len(items)))

    def root(n: int) -> int:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    first: dict[tuple, int] = {}
    for n, item in enumerate(items):
        key = _same_pixels(item)
        if key is not None:
            group[n] = root(first.setdefault(key, n))
    for a, b in _burst_pairs(items):
        group[root(a)] = root(b)
    groups: dict[int, list[StoredItem]] = defaultdict(list)
    for n, item in enumerate(items):
        groups[root(n)].append(item)
    return [sorted(members, key=quality, reverse=True) for members in groups.values()]


def with_group_words(kept: StoredItem, copies: Sequence[StoredItem]) -> StoredItem:
    """The kept shot as a memory shows it: the longest caption and title of its group (its
    own where as long) and everyone in any of its shots. Only what is shown changes; the
    library keeps each item's own words."""
    if not copies:
        return kept
    group = [kept, *copies]
    return replace(
        kept,
        caption=max((i.caption for i in group), key=len),
        title=max((i.title for i in group), key=len),
        people=list(dict.fromkeys(p for i in group for p in i.people)),
    )
