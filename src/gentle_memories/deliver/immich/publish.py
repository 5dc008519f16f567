"""`memories immich publish`: the day's shown memories, written into Immich as its own memories.

Only what Gentle Memories shows goes to Immich: Immich has no veiled card and no way to
ask first, so a memory held or veiled stays in Gentle Memories' own page. Each run
replaces the memories it wrote before (their ids are kept in the library) and leaves
every other memory alone, a memory the person saved in Immich included. A memory of a
person's years has no card in Immich (its cards say "N years ago"), so it stays here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.memories import Memory
from gentle_memories.curate.memory_id import MemoryId
from gentle_memories.library import Library
from gentle_memories.sources.immich.api import Immich
from gentle_memories.sources.immich.assets import asset_id

WRITTEN = "immich.published"
NO_CARD = {"person"}


@dataclass(frozen=True)
class Card:
    """One memory as Immich will show it."""

    memory: Memory
    asset_ids: list[str]


@dataclass
class Published:
    day: date
    cards: list[Card]
    kept_here: int
    """Memories held or veiled for care: not written, shown only in Gentle Memories."""
    removed: int = 0
    written: list[str] = field(default_factory=list)
    memories_off: bool = False
    """The person switched Immich's memories off: its apps show none of these."""


def plan(library: Library, day: date) -> tuple[list[Card], int]:
    """The cards for the day, and how many memories stay in Gentle Memories only."""
    cards, kept_here = [], 0
    for memory in curate_day(library, day).memories:
        if memory.decision != "show":
            kept_here += 1
            continue
        assets = [a for m in memory.items if (a := asset_id(m.item.uri))]
        if assets and MemoryId.parse(memory.id).kind not in NO_CARD:
            cards.append(Card(memory, assets))
    return cards, kept_here


def publish(library: Library, immich: Immich, day: date, dry_run: bool = False) -> Published:
    """Write the day's cards into Immich, replacing those written before; with dry_run,
    only say what would be written."""
    cards, kept_here = plan(library, day)
    done = Published(day, cards, kept_here)
    done.memories_off = not immich.preferences()["memories"]["enabled"]
    if dry_run:
        return done
    ours = set(library.setting(WRITTEN, {}).get("memories", []))
    for memory in immich.memories():
        if memory["id"] in ours and not memory["isSaved"]:
            immich.delete_memory(memory["id"])
            done.removed += 1
    show_at = datetime.combine(day, time.min).astimezone()
    hide_at = datetime.combine(day, time.max).astimezone()
    record = {"server": immich.url, "day": day.isoformat(), "memories": done.written}
    library.set_setting(WRITTEN, record)
    for card in cards:
        of = datetime.combine(card.memory.source_date, time.min).astimezone()
        done.written.append(immich.create_memory(of, show_at, hide_at, card.asset_ids)["id"])
        library.set_setting(WRITTEN, record)
    return done


def publish_due(library: Library, now: datetime) -> Published | None:
    """What the server calls every minute: the person's today written into Immich once,
    when a server is connected and today is not written yet; else None."""
    from gentle_memories.deliver.notify import schedule
    from gentle_memories.sources.immich.account import connected, published_for

    immich = connected(library.home)
    library = library.for_user(published_for(library.home))
    today = schedule.load(library).local(now).date()
    if immich is None or library.setting(WRITTEN, {}).get("day") == today.isoformat():
        return None
    return publish(library, immich, today)
