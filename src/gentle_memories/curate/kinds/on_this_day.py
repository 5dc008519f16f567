"""On this day: the items of the same month-day in earlier years, one memory per year.

Items of 29 February come back on 28 February in years without one.
"""

from __future__ import annotations

import calendar
from datetime import date

from gentle_memories.curate import wording
from gentle_memories.curate.context import DayContext
from gentle_memories.curate.kinds.base import Candidate, from_year
from gentle_memories.curate.memory_id import MemoryId


def month_days(day: date) -> list[str]:
    days = [day.strftime("%m-%d")]
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        days.append("02-29")
    return days


class OnThisDay:
    name = "on_this_day"
    fills_gaps = False

    def candidates(self, context: DayContext) -> list[Candidate]:
        found = context.gather(context.asked(month_days(context.day)))
        candidates = []
        for number in sorted(found.years, reverse=True):
            year = found.years[number]
            source = min(year.dates)
            years = context.day.year - number
            said = (
                wording.years_ago(years),
                wording.on_this_day_reason(source, years),
                wording.years_ago(years),
            )
            memory_id = MemoryId(self.name, source)
            candidates.append(from_year(found, year, memory_id, found.shown.get(number, []), said))
        return candidates
