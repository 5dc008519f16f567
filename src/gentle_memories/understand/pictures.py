"""Picture evidence: what a photo server's image search (Immich's CLIP) sees in the photos.

Words are the best evidence of a loss, but a hospital stay is often photographed and
never captioned. Immich can search its pictures by meaning; it gives the order of its
results, never a distance, so a picture counts for a scene by rank, against the scenes
that fool it: a photo is "like a hospital room" only when it ranks nearer to the
hospital than to a birth ward, a nurse at work, a bed at home or any everyday scene
(docs/pictures.md says how this was set and where it fails).

A picture is weaker than words. Alone it asks first, never holds; it holds only with
corroboration: words of loss in the same event or on the day's calendar, or photos of
two moments of one event that both look like the same kind of place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from gentle_memories.care import model as care_model
from gentle_memories.library import Library
from gentle_memories.library.records import Signal

AGREE = 2
"""A picture counts for a scene when this many of the scene's phrasings find it: one
phrasing's nearest pictures are partly chance, two that agree rarely are."""
PER_PICTURES = 50
"""Each phrasing reads one picture in this many of the window's, at least 2, at most 100:
the nearest of a year of 5,000 photos, where a hospital stay's dozen fit easily."""


@dataclass(frozen=True)
class Scene:
    name: str
    phrasings: tuple[str, ...]
    looks_like: str
    theme: str
    alone: bool
    """Whether the picture alone asks first; an ultrasound print is as often a joyful
    announcement, so it only ever corroborates words."""
    fooled_by: tuple[str, ...] = ()


MATERNITY = "a mother holding her newborn baby in a maternity ward"
NURSE = "a smiling nurse in scrubs at work"
BED_AT_HOME = "a person sleeping in a bed at home"
HALLOWEEN = "halloween decorations with pumpkins and fake tombstones"
WEDDING = "a wedding ceremony with flowers"
BIRTHDAY = "a birthday cake with candles"
# "a photo" is the control: a search always answers with something, and a picture that
# comes first for any words at all (CLIP has such hubs) comes first for these too.
ANNOUNCEMENT = "a happy couple holding an ultrasound photo to announce a pregnancy"
EVERYDAY = (
    "a photo",
    "people smiling together at a party",
    "a landscape with mountains or a beach",
    "food on a table",
    "a child playing",
    "a dog or a cat",
    "a city street with buildings",
)

SCENES = (
    Scene(
        "hospital_bed",
        ("a person lying in a hospital bed", "a patient in a hospital room"),
        "a hospital room",
        "illness",
        True,
        (MATERNITY, NURSE, BED_AT_HOME),
    ),
    Scene(
        "hospital_drip",
        ("an IV drip and a hospital monitor", "a drip stand beside a hospital bed"),
        "a hospital room",
        "illness",
        True,
        (MATERNITY, NURSE),
    ),
    Scene(
        "hospital_corridor",
        ("an empty hospital corridor", "a long hallway in a hospital"),
        "a hospital",
        "illness",
        True,
        (MATERNITY, NURSE),
    ),
    Scene(
        "coffin",
        ("a coffin at a funeral", "a funeral service with a casket"),
        "a funeral",
        "funeral_memorial",
        True,
        (WEDDING, HALLOWEEN),
    ),
    Scene(
        "grave",
        ("flowers on a grave in a cemetery", "a gravestone with flowers"),
        "a grave",
        "funeral_memorial",
        True,
        (HALLOWEEN, WEDDING),
    ),
    Scene(
        "memorial_candles",
        ("memorial candles beside a framed photo", "candles lit in memory of someone"),
        "a memorial",
        "funeral_memorial",
        True,
        (HALLOWEEN, BIRTHDAY),
    ),
    Scene(
        "ultrasound",
        ("an ultrasound print", "a sonogram picture from a pregnancy scan"),
        "an ultrasound print",
        "pregnancy_loss",
        False,
        (ANNOUNCEMENT,),
    ),
)


def queries() -> list[str]:
    """Every query a look at a window asks: the scenes, what fools them, everyday scenes."""
    asked = [q for s in SCENES for q in (*s.phrasings, *s.fooled_by)] + [*EVERYDAY]
    return list(dict.fromkeys(asked))


class PictureSearch(Protocol):
    def count(self, first: date, last: date) -> int:
        """How many pictures were taken from `first` to `last`."""

    def nearest(self, query: str, first: date, last: date, size: int) -> list[str]:
        """The ids of the items the search finds nearest to the words, nearest first,
        among those taken from `first` to `last`."""


def matches(ranked: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(item id, scene) for each picture that AGREE of a scene's phrasings find, each
    nearer to it than every query for what fools the scene."""
    rank = {q: {item: n for n, item in enumerate(ids)} for q, ids in ranked.items()}
    found = []
    for scene in SCENES:
        rivals = [rank.get(q, {}) for q in (*scene.fooled_by, *EVERYDAY)]
        votes: Counter[str] = Counter()
        for phrasing in scene.phrasings:
            for item, n in rank.get(phrasing, {}).items():
                if all(n < rival.get(item, float("inf")) for rival in rivals):
                    votes[item] += 1
        found += [(item, scene.name) for item, v in sorted(votes.items()) if v >= AGREE]
    return found


def look_at_pictures(library: Library, search: PictureSearch, years: Iterable[int]) -> int:
    """Ask the search about every scene for each of these years and keep what it found;
    returns how many matches were kept. A year is one window: a hospital stay is rare
    enough to rank among a year's nearest pictures, and a year asks a few dozen queries."""
    kept = 0
    for year in sorted(set(years)):
        first, last = date(year, 1, 1), date(year, 12, 31)
        size = max(2, min(100, search.count(first, last) // PER_PICTURES))
        found = matches({q: search.nearest(q, first, last, size) for q in queries()})
        library.replace_scene_matches(first, last, found)
        kept += len(found)
    return kept


def refresh_picture_signals(library: Library) -> int:
    """Weigh every scene found against what corroborates it; returns the signals kept."""
    limits = care_model.current().thresholds
    scenes = {s.name: s for s in SCENES}
    found = [(m, scenes[m.scene]) for m in library.scene_matches() if m.scene in scenes]
    events = {m.event_id for m, _ in found if m.event_id is not None}
    painful = library.painful_in_events(events, limits.painful)
    words_in_event = {event for event, sig in painful if sig.kind == "text"}
    words_on_day = library.painful_calendar_dates({m.local_date for m, _ in found}, limits.painful)
    moments: dict[tuple[int, str], set[str]] = defaultdict(set)
    for m, scene in found:
        if m.event_id is not None and m.shown:
            moments[(m.event_id, scene.theme)].add(m.item_id)
    signals = []
    for m, scene in found:
        looks = f"a photo looks like {scene.looks_like}"
        if m.event_id in words_in_event or m.local_date in words_on_day:
            said = (limits.strong, f"{looks}, and the words of that day speak of a hard time")
        elif len(moments.get((m.event_id, scene.theme), ())) >= 2:
            said = (limits.strong, f"several photos of the same event look like {scene.looks_like}")
        elif scene.alone:
            said = (limits.painful, looks)
        else:
            continue
        signals.append(Signal(m.item_id, "picture", scene.theme, *said))
    library.replace_signals("picture", signals)
    return len(signals)
