"""A memory's id: what rules, links and `explain` name a memory by, on every surface.

Every id carries the date its memory comes back on (each year, on that month-day), so a
surface can find the memory again from the id alone, whatever its kind: "otd-2019-07-04",
"week-2019-07-04", "trip-2019-07-02", "person-2016-05-12-luna".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PREFIXES = {"on_this_day": "otd", "this_week": "week", "trip": "trip", "person_years": "person"}
KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}
_PATTERN = re.compile(r"(?P<prefix>[a-z]+)-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<key>[a-z0-9-]+))?")


class NotAMemoryId(ValueError):
    pass


def slug(name: str) -> str:
    """A name as it may stand in an id: lower case, letters and digits, dashes between."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "someone"


@dataclass(frozen=True)
class MemoryId:
    kind: str
    on: date
    """The day the memory comes back on, every year."""
    key: str = ""

    def __str__(self) -> str:
        return f"{PREFIXES[self.kind]}-{self.on.isoformat()}" + (f"-{self.key}" if self.key else "")

    @classmethod
    def parse(cls, text: str) -> MemoryId:
        found = _PATTERN.fullmatch(text)
        if not found or found["prefix"] not in KINDS:
            raise NotAMemoryId(f"{text}: not a memory id (such as otd-2019-07-04)")
        try:
            on = date.fromisoformat(found["date"])
        except ValueError:
            raise NotAMemoryId(f"{text}: not a memory id (its date does not exist)") from None
        return cls(KINDS[found["prefix"]], on, found["key"] or "")
