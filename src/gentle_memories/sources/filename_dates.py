"""Capture times that phones and apps write into file names.

Cameras and messengers name files after the moment they were taken
(IMG_20200930_031500, PXL_20200930_031500123, Screenshot_2020-09-30-03-15-00,
IMG-20200930-WA0001): when the metadata is gone, the name is the best witness left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_NAME_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:[ _T.-]*(?:at[ _])?(?P<H>[01]\d|2[0-3])[-_.:h]?(?P<M>[0-5]\d)[-_.:m]?(?P<S>[0-5]\d)"
    r"(?P<ms>\d{1,3})?)?"
    r"(?!\d)"
)


@dataclass(frozen=True)
class NameDate:
    when: datetime
    has_time: bool


def date_from_name(name: str) -> NameDate | None:
    """The first calendar date (and time, when the name carries one) in a file name."""
    for m in _NAME_DATE.finditer(name):
        try:
            day = datetime(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        if m["H"] is None:
            return NameDate(day, has_time=False)
        micro = int(m["ms"].ljust(3, "0")) * 1000 if m["ms"] else 0
        when = day.replace(hour=int(m["H"]), minute=int(m["M"]), second=int(m["S"]))
        return NameDate(when.replace(microsecond=micro), has_time=True)
    return None
