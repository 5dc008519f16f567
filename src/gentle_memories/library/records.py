"""The library's other records: the evidence, the person's rules, events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Action = Literal["hide", "ask", "show", "remember", "snooze"]
Target = Literal["person", "theme", "dates", "item", "event", "memory"]
ACTIONS: tuple[str, ...] = ("hide", "ask", "show", "remember", "snooze")
TARGETS: tuple[str, ...] = ("person", "theme", "dates", "item", "event", "memory")


@dataclass(frozen=True)
class Signal:
    """One piece of evidence about an item, with a score in 0..1 and a reason in plain words."""

    item_id: str
    kind: str
    theme: str
    score: float
    reason: str


@dataclass(frozen=True)
class Rule:
    """What the person said. Dates rules cover date_from..date_to; a snooze lasts until `until`."""

    id: int
    action: Action
    target: Target
    value: str = ""
    date_from: date | None = None
    date_to: date | None = None
    until: date | None = None
    created_at: str = ""

    def describe(self) -> str:
        """The rule as the person would say it, for lists and reasons."""
        if self.target == "dates":
            span = (
                self.date_from.isoformat()
                if self.date_from == self.date_to
                else f"{self.date_from}..{self.date_to}"
            )
            what = f"dates {span}"
        else:
            what = f"{self.target} {self.value}"
        if self.action == "snooze":
            return f"not now: {what} until {self.until}"
        return f"{self.action} {what}"


@dataclass(frozen=True)
class Event:
    """Items close in time and place: a day out, a hospital stay."""

    id: int
    start: datetime
    end: datetime
    """UTC, or the local time where no zone is known (understand/events.py)."""
    item_count: int
    why: str


@dataclass(frozen=True)
class AlbumSpan:
    """The first and last local time of an album's dated items; `*_before`: of those
    understanding had already seen (None when it had seen none)."""

    first: datetime
    last: datetime
    first_before: datetime | None
    last_before: datetime | None


@dataclass(frozen=True)
class Trip:
    """Days away from home, named by the place most of its photos were taken."""

    start: date
    end: date
    place: str
    item_count: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class SceneMatch:
    """A picture a photo server's image search found like a scene (understand/pictures.py)."""

    item_id: str
    scene: str
    local_date: date
    event_id: int | None
    shown: bool
    """False for a near-identical copy of another shot: the same moment, not another one."""
