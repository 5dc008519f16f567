"""Trips: days away from home (understand/trips.py), offered once a year, on the
anniversary of the day they began, not on each of their days."""

from __future__ import annotations

from datetime import timedelta
from math import ceil

from gentle_memories.curate import wording
from gentle_memories.curate.context import SHOWN_PER_DAY, DayContext
from gentle_memories.curate.kinds.base import Candidate, from_year
from gentle_memories.curate.kinds.on_this_day import month_days
from gentle_memories.curate.memory_id import MemoryId


class Trips:
    name = "trip"
    fills_gaps = False

    def candidates(self, context: DayContext) -> list[Candidate]:
        day = context.day
        candidates = []
        for trip in context.library.trips_starting(month_days(day), before=day):
            dates = [trip.start + timedelta(n) for n in range(trip.days)]
            asked = context.asked(sorted({f"{d:%m-%d}" for d in dates}), (trip.start, trip.end))
            found = context.gather(asked, ceil(SHOWN_PER_DAY / trip.days))
            year, items = found.as_one(trip.start.year)
            if not year.dates:
                continue
            years = day.year - trip.start.year
            said = (
                wording.trip_title(trip.days, trip.place, trip.start.year),
                wording.trip_reason(trip.start, trip.end, years),
                wording.years_ago(years),
            )
            candidates.append(from_year(found, year, MemoryId(self.name, trip.start), items, said))
        return candidates
