"""Where an item's only time is a UTC instant, its day is the day of the place it was taken.

A video's QuickTime CreateDate, a Takeout photoTakenTime and a post's time are instants in
UTC: a video taken at 23:30 in Los Angeles belongs to 4 July even in a library kept in
Berlin. The zone comes from the item's GPS (timezonefinder, whose wheels ship the zone
borders, so nothing is fetched); without GPS the instant is shown in this computer's zone
until understand/nearest_zone.py finds the zone of the shots taken nearest in time.
The date source says which, in words `explain` prints.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gentle_memories.items import Place

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

IN_UTC = " (UTC)"
COMPUTER_ZONE = ", shown in this computer's time zone"
"""The end of the date source of an instant whose zone is still only a guess."""
NEAREST = "taken nearest in time"


@cache
def _finder() -> TimezoneFinder:
    from timezonefinder import TimezoneFinder  # 0.1 s, paid only by items with GPS

    return TimezoneFinder()


def zone_at(place: Place | None) -> ZoneInfo | None:
    """The time zone at a place's coordinates; None without them."""
    if place is None or place.lat is None or place.lon is None:
        return None
    name = _finder().timezone_at(lat=place.lat, lng=place.lon)
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def tell(label: str, instant: datetime, place: Place | None) -> tuple[datetime, str]:
    """A UTC instant in the zone of its place, else this computer's; and its date source."""
    zone = zone_at(place)
    if zone is not None:
        return instant.astimezone(zone), f"{label}{IN_UTC}, in {zone.key} from its GPS"
    return instant.astimezone(), f"{label}{IN_UTC}{COMPUTER_ZONE}"


def told_from_utc(source: str) -> bool:
    return IN_UTC in source


def like_nearest(source: str, zone: tzinfo, kind: str) -> str:
    """The date source of a guessed instant once told in the zone of the nearest shot."""
    where = f"in {zone.key}" if isinstance(zone, ZoneInfo) else f"at {zone.tzname(None)}"
    return f"{source.removesuffix(COMPUTER_ZONE)}, {where} like the {kind} {NEAREST}"
