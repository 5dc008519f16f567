"""Calendars (.ics): what was planned on a day is context for that day, never a memory.

A "Funeral" or "Oncology" entry is evidence that a day hurt, so every entry becomes an
item of kind "calendar" that is never offered (offered=False): understanding reads it,
curation never shows it. Recurrences are expanded (icalendar + recurring-ical-events)
from their first date up to a year after today, so an anniversary marks each year.

- All-day entries are dated at their day, naive local (the day the person lived it);
  an entry over several days marks each of them. Timed entries keep their zone;
  Google's UTC times with X-WR-TIMEZONE are moved into that zone (x-wr-timezone);
  plain UTC is told in this computer's zone.
- A yearly entry on 29 February also marks 28 February in the years without one
  (1 March with RFC 7529's SKIP=FORWARD), the same rule as "on this day" for photos;
  RFC 5545 alone would drop those years.
- An entry's caption is its summary, then its description; LOCATION and GEO its place.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone

from gentle_memories.items import Item, Place, hash_bytes
from gentle_memories.sources.base import Found, KnownFiles, Skipped
from gentle_memories.sources.exported import ExportImporter, Listing, stamp, unless_known
from gentle_memories.sources.text import join_text
from gentle_memories.sources.tree import Tree, read_bytes

EARLIEST = date(1900, 1, 1)
MAX_OCCURRENCES = 1000
MAX_DAYS = 62
_PLAIN_YEARLY = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST", "RSCALE", "SKIP"}


def _days(event: Any) -> list[date | datetime]:
    """The start of an occurrence, or each day of an all-day span."""
    start = event.decoded("DTSTART")
    if isinstance(start, datetime):
        return [start]
    end = event.decoded("DTEND") if "DTEND" in event else start + timedelta(days=1)
    days = max(1, min((end - start).days, MAX_DAYS)) if isinstance(end, date) else 1
    return [start + timedelta(days=i) for i in range(days)]


def _leap_day_stand_ins(master: Any, until: date, seen: set[date]) -> list[date]:
    """28 February (or 1 March) in each year without a 29th, for a plain yearly 29 February."""
    rule = master.get("RRULE")
    start = master.decoded("DTSTART")
    start_day = start.date() if isinstance(start, datetime) else start
    if not rule or (start_day.month, start_day.day) != (2, 29):
        return []
    if str(rule.get("FREQ", [""])[0]).upper() != "YEARLY" or set(rule) - _PLAIN_YEARLY:
        return []
    last = rule.get("UNTIL", [None])[0]
    last_day = (last.date() if isinstance(last, datetime) else last) or until
    forward = str(rule.get("SKIP", [""])[0]).upper() == "FORWARD"
    interval = int(rule.get("INTERVAL", [1])[0])
    excluded = _exdates(master)
    found = []
    for year in range(start_day.year + interval, min(last_day, until).year + 1, interval):
        if calendar.isleap(year):
            continue
        day = date(year, 3, 1) if forward else date(year, 2, 28)
        if day not in seen and day not in excluded and day <= until:
            found.append(day)
    return found


def _exdates(master: Any) -> set[date]:
    values = master.get("EXDATE") or []
    days = set()
    for ex in values if isinstance(values, list) else [values]:
        for d in ex.dts:
            days.add(d.dt.date() if isinstance(d.dt, datetime) else d.dt)
    return days


def _when(value: date | datetime) -> tuple[datetime, str]:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day), "inferred"
    if value.tzinfo is not None and _is_utc(value.tzinfo):
        return value.astimezone(), "exact"
    return value, "exact"


def _is_utc(tz: Any) -> bool:
    return tz is UTC or getattr(tz, "key", None) in {"UTC", "Etc/UTC"} or str(tz) == "UTC"


def _place(event: Any) -> Place | None:
    name = str(event.get("LOCATION") or "").strip()
    geo = event.get("GEO")
    lat, lon = (geo.latitude, geo.longitude) if geo is not None else (None, None)
    if not name and lat is None:
        return None
    return Place(lat=lat, lon=lon, name=name)


def _item(
    source: str, file_uri: str, event: Any, day: date | datetime, note: str, st: tuple[int, int]
) -> Item:
    uid = str(event.get("UID") or event.get("SUMMARY") or "entry")
    when, confidence = _when(day)
    summary = str(event.get("SUMMARY") or "").strip()
    description = str(event.get("DESCRIPTION") or "").strip()
    caption = join_text(summary, description)
    return Item(
        source=source,
        uri=f"{file_uri}#{uid}@{when.isoformat()}",
        kind="calendar",
        content_hash=hash_bytes(f"calendar\n{uid}\n{when.isoformat()}\n{caption}".encode()),
        taken_at=when,
        date_confidence=confidence,
        date_source="calendar entry",
        caption=caption,
        place=_place(event),
        offered=False,
        size=st[0],
        mtime_ns=st[1],
        notes=[note] if note else [],
    )


def scan_calendar(tree: Tree, name: str, known: KnownFiles, source: str) -> Iterator[Found]:
    """Every day marked by every entry of one .ics file, as calendar items."""
    uri = tree.uri(name)
    try:
        cal = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(read_bytes(tree, name)))
    except Exception as exc:  # icalendar raises ValueError, KeyError and more on bad input
        yield Skipped(uri, f"not a readable calendar: {exc}")
        return
    st = stamp(tree, [name])
    until = date.today() + timedelta(days=366)
    try:
        occurrences = recurring_ical_events.of(cal).between(EARLIEST, until)
    except Exception as exc:
        yield Skipped(uri, f"its repeating entries could not be expanded: {exc}")
        return
    by_uid: dict[str, int] = {}
    seen_days: dict[str, set[date]] = {}
    for event in occurrences:
        uid = str(event.get("UID") or "")
        by_uid[uid] = by_uid.get(uid, 0) + 1
        if by_uid[uid] > MAX_OCCURRENCES:
            continue
        for day in _days(event):
            plain = day.date() if isinstance(day, datetime) else day
            seen_days.setdefault(uid, set()).add(plain)
            yield unless_known(known, _item(source, uri, event, day, "", st))
    for master in cal.walk("VEVENT"):
        uid = str(master.get("UID") or "")
        for day in _leap_day_stand_ins(master, until, seen_days.get(uid, set())):
            note = f"29 February kept on {day:%-d %B} in {day.year}, a year without it"
            yield unless_known(known, _item(source, uri, master, day, note, st))
    for uid, n in by_uid.items():
        if n > MAX_OCCURRENCES:
            yield Skipped(f"{uri}#{uid}", f"repeats {n} times; the first {MAX_OCCURRENCES} kept")


class CalendarImporter(ExportImporter):
    """.ics files: one, a folder of them, or a zip of them (Google Calendar's export)."""

    name = "calendar"

    def looks_like(self, listing: Listing) -> bool:
        found = [n for n in listing.names if n.lower().endswith(".ics")] or listing.names[:1]
        return any(
            listing.head(n, 512).lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCAL")
            for n in found[:3]
        ) and _only_calendars(listing)

    def scan_tree(self, tree: Tree, known: KnownFiles) -> Iterator[Found]:
        for name in tree.entries:
            if Path(name).suffix.lower() in {".ics", ".ical", ".ifb"} or len(tree.entries) == 1:
                yield from scan_calendar(tree, name, known, self.name)


def _only_calendars(listing: Listing) -> bool:
    """A folder with photos and one .ics is a photo folder, not a calendar."""
    allowed = {".ics", ".ical", ".ifb", ".html", ""}
    return all(Path(n).suffix.lower() in allowed for n in listing.names)
