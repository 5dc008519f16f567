"""When the daily notification may come: a time of day, quiet hours, the person's time zone.

Kept in the library's settings (none of it is secret). Quiet hours win over the time
of day: a message due in them waits for the morning, when they end.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gentle_memories.library import Library

SETTING = "notify_schedule"
RETRY_SETTING = "notify_retry_delays"
DEFAULT_RETRY_DELAYS = (10.0, 60.0)


def parse_time(value: str) -> time:
    found = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
    try:
        return time(int(found[1]), int(found[2]))
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a time of day (HH:MM)") from None


def check_zone(name: str) -> str:
    """An IANA time zone name, or "" for this computer's own zone."""
    if name:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not a time zone (like Europe/Berlin)") from None
    return name


@dataclass(frozen=True)
class Schedule:
    at: str = "09:00"
    quiet_from: str = "21:00"
    quiet_to: str = "09:00"
    zone: str = ""

    def local(self, now: datetime) -> datetime:
        """`now` (timezone-aware) on the person's clock."""
        return now.astimezone(ZoneInfo(self.zone)) if self.zone else now.astimezone()

    def quiet(self, moment: time) -> bool:
        start, end = parse_time(self.quiet_from), parse_time(self.quiet_to)
        if start < end:
            return start <= moment < end
        return start > end and (moment >= start or moment < end)

    @property
    def due_at(self) -> time:
        """The time of day, or the end of the quiet hours it falls in: the morning."""
        at = parse_time(self.at)
        return parse_time(self.quiet_to) if self.quiet(at) else at

    def due(self, local: datetime) -> bool:
        moment = local.time().replace(tzinfo=None)
        return moment >= self.due_at and not self.quiet(moment)

    def describe(self) -> str:
        quiet = (
            f"quiet hours {self.quiet_from}\u2013{self.quiet_to}"
            if self.quiet_from != self.quiet_to
            else "no quiet hours"
        )
        zone = self.zone or "this computer's time zone"
        return f"each day at {self.due_at:%H:%M}, {quiet}, {zone}"


def load(library: Library) -> Schedule:
    return Schedule(**library.user_setting(SETTING, {}))


def change(
    library: Library, at: str | None = None, quiet: str | None = None, zone: str | None = None
) -> Schedule:
    """Change what is given; `quiet` is "HH:MM-HH:MM" or "off"."""
    current = asdict(load(library))
    if at is not None:
        current["at"] = f"{parse_time(at):%H:%M}"
    if quiet is not None:
        current["quiet_from"], current["quiet_to"] = _quiet_span(quiet)
    if zone is not None:
        current["zone"] = check_zone(zone.strip())
    library.set_user_setting(SETTING, current)
    return Schedule(**current)


def _quiet_span(value: str) -> tuple[str, str]:
    if value.strip().lower() == "off":
        return "00:00", "00:00"
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError(f"{value!r} is not a span of quiet hours (like 21:00-09:00, or off)")
    return f"{parse_time(start.strip()):%H:%M}", f"{parse_time(end.strip()):%H:%M}"


def retry_delays(library: Library) -> tuple[float, ...]:
    """Seconds to wait before each further try of a failed send."""
    return tuple(float(d) for d in library.user_setting(RETRY_SETTING, DEFAULT_RETRY_DELAYS))
