"""When a photo or video was taken: every witness in order of trust, the first sound one wins.

Metadata dates are often wrong in recognisable ways (0000:00:00 from a camera whose
clock was never set, 2099 from a bad battery, a date with no time): such a value is
passed over with a note saying so, and the next witness is heard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone

from gentle_memories.items import DateConfidence
from gentle_memories.sources.filename_dates import date_from_name

FIRST_PHOTOGRAPH_YEAR = 1826

_DATETIME = re.compile(
    r"^\s*(?P<y>\d{4})(?:[-:/](?P<m>\d\d)(?:[-:/](?P<d>\d\d)"
    r"(?:[T ]+(?P<H>\d\d):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?"
    r"\s*(?P<tz>Z|[+-]\d\d:?\d\d)?)?)?)?[\s\x00]*$"
)


@dataclass(frozen=True)
class Stamp:
    """One witness of the capture time, as found, with why it cannot be trusted if so."""

    label: str
    raw: str
    when: datetime | None
    has_time: bool = True
    problem: str = ""
    in_utc: bool = False
    """An instant with no zone of its own (QuickTime), told in the place's zone later."""


@dataclass(frozen=True)
class CaptureTime:
    taken_at: datetime
    confidence: DateConfidence
    source: str
    notes: list[str] = field(default_factory=list)
    in_utc: bool = False


def parse_offset(text: str | None) -> timezone | None:
    m = re.fullmatch(r"\s*(Z|([+-])(\d\d):?(\d\d))\s*\x00*", text or "")
    if not m:
        return None
    if m[1] == "Z":
        return UTC
    delta = timedelta(hours=int(m[3]), minutes=int(m[4]))
    if delta > timedelta(hours=14):
        return None
    return timezone(-delta if m[2] == "-" else delta)


def stamp(label: str, value: object, subsec: object = None, offset: object = None) -> Stamp | None:
    """Read an EXIF, XMP or IPTC date text; None when the tag is absent or blank."""
    raw = str(value or "").strip(" \x00")
    if not raw.strip(" :-"):
        return None
    m = _DATETIME.match(raw)
    if not m:
        return Stamp(label, raw, None, problem="not a date")
    if m["d"] is None:
        return Stamp(label, raw, None, problem="no day")
    try:
        when = datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0))
        when = when.replace(second=int(m["S"] or 0))
    except ValueError:
        return Stamp(label, raw, None, problem="not a real date")
    fraction = m["f"] or re.sub(r"\D", "", str(subsec or ""))
    if fraction and m["H"]:
        when = when.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    tz = parse_offset(m["tz"]) or (parse_offset(str(offset)) if offset and m["H"] else None)
    if tz is not None:
        when = when.replace(tzinfo=tz)
    return Stamp(label, raw, when, has_time=m["H"] is not None)


def utc_stamp(label: str, when_utc: datetime) -> Stamp:
    """A UTC instant (QuickTime): its zone is the place's, which sources/place_zone.py finds."""
    return Stamp(label, when_utc.isoformat(), when_utc, in_utc=True)


def _problem(s: Stamp, now: datetime) -> str:
    if s.when is None:
        return s.problem or "not a date"
    if s.when.year < FIRST_PHOTOGRAPH_YEAR:
        return "before photography existed"
    latest = now + timedelta(days=1)
    if (s.when.astimezone().replace(tzinfo=None) if s.when.tzinfo else s.when) > latest:
        return "in the future"
    return ""


def _refine(best: Stamp, sound: list[Stamp]) -> Stamp:
    """Lend a date-only winner a time, and a naive winner an offset, from an agreeing witness."""
    if not best.has_time:
        same_day = [s for s in sound if s.has_time and s.when.date() == best.when.date()]
        if same_day:
            best = same_day[0]
    if best.when.tzinfo is None:
        for s in sound:
            aware = s.when.tzinfo is not None and s.when.utcoffset() is not None
            if aware and s.when.replace(tzinfo=None, microsecond=0) == best.when.replace(
                microsecond=0
            ):
                best = replace(best, when=best.when.replace(tzinfo=s.when.tzinfo))
                break
    return best


def choose(
    stamps: Iterable[Stamp | None], name: str, mtime_ns: int, now: datetime | None = None
) -> CaptureTime:
    """The capture time from the first sound witness, then the file name, then the mtime."""
    now = now or datetime.now()
    sound: list[Stamp] = []
    passed_over: list[str] = []
    for s in stamps:
        if s is None:
            continue
        problem = _problem(s, now)
        if problem:
            passed_over.append(f"{s.label} {s.raw} ignored ({problem})")
        else:
            sound.append(s)
    if sound:
        best = _refine(sound[0], sound)
        confidence: DateConfidence = "exact" if best.has_time else "inferred"
        result = CaptureTime(best.when, confidence, best.label, in_utc=best.in_utc)
    else:
        named = date_from_name(name)
        if named and not _problem(Stamp("file name", name, named.when), now):
            confidence = "exact" if named.has_time else "inferred"
            result = CaptureTime(named.when, confidence, "file name")
        else:
            mtime = datetime.fromtimestamp(mtime_ns / 1e9)
            result = CaptureTime(mtime, "file_time", "file modification time")
    notes = [f"{note}; dated by the {result.source}" for note in passed_over]
    return replace(result, notes=notes)
