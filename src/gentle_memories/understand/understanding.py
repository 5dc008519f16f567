"""Understanding: the one call that brings events and evidence up to date after an
import or a model change, each stage in its own module beside this one."""

from __future__ import annotations

from gentle_memories.library import Library


def understand(library: Library) -> None:
    """Bring events and evidence up to date after an import or a model change."""
    from gentle_memories.understand.day_ranks import rank_days
    from gentle_memories.understand.events import assign_events
    from gentle_memories.understand.nearest_zone import settle_zones
    from gentle_memories.understand.pictures import refresh_picture_signals
    from gentle_memories.understand.text_signals import refresh_text_signals
    from gentle_memories.understand.trips import assign_trips

    if library.unsettled_count():  # nothing new or changed: events, trips, people stand
        settle_zones(library)
        assign_events(library)
        assign_trips(library)
        library.count_people_seen(touched_only=True)
        rank_days(library)
    refresh_text_signals(library)
    refresh_picture_signals(library)
