"""This week, N years ago: when a date holds little, the days around it in earlier years.

Three days either side, as Immich looks; one memory per year at most, and only for years
the date itself left empty.
"""

from __future__ import annotations

from datetime import date, timedelta

from gentle_memories.curate import wording
from gentle_memories.curate.context import DayContext
from gentle_memories.curate.kinds.base import Candidate, from_year
from gentle_memories.curate.kinds.on_this_day import month_days
from gentle_memories.curate.memory_id import MemoryId

DAYS_EITHER_SIDE = 3
SHOWN_PER_DAY = 6
"""A week holds many days: fewer shots of each, so the memory stays a glance."""
MIN_DAYS_AGO = 300
"""Last week is not a memory yet (around New Year its days fall in the year before)."""


def same_date_in(year: int, day: date) -> date:
    """`day`'s month-day in `year` (28 February for a 29th in a year without one)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


class ThisWeek:
    name = "this_week"
    fills_gaps = True

    def candidates(self, context: DayContext) -> list[Candidate]:
        day = context.day
        own = set(month_days(day))
        around = [day + timedelta(n) for n in range(-DAYS_EITHER_SIDE, DAYS_EITHER_SIDE + 1)]
        asked = sorted({f"{d:%m-%d}" for d in around} - own)
        found = context.gather(context.asked(asked), SHOWN_PER_DAY)
        candidates = []
        for number in sorted(found.years, reverse=True):
            year = found.years[number]
            items = found.shown.get(number, [])
            if not items or (day - max(year.dates)).days < MIN_DAYS_AGO:
                continue
            years = day.year - number
            said = (
                wording.this_week_title(years),
                wording.this_week_reason(min(year.dates), max(year.dates), years),
                wording.years_ago(years),
            )
            memory_id = MemoryId(self.name, same_date_in(number, day))
            candidates.append(from_year(found, year, memory_id, items, said))
        return candidates
