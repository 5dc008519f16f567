"""On this day: the items of the same month-day in earlier years, one memory per year.

Items of 29 February come back on 28 February in years without one.
"""

from __future__ import annotations

import calendar
from datetime import date


def month_days(day: date) -> list[str]:
    days = [day.strftime("%m-%d")]
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        days.append("02-29")
    return days
