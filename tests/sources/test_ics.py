"""Calendars: entries are context for their days, yearly ones repeat, 29 February included."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gentle_memories.sources.ics import CalendarImporter
from tests.sources.exports import imported, scan

BERLIN = ZoneInfo("Europe/Berlin")

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
X-WR-CALNAME:Family
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VEVENT
UID:funeral@example
DTSTART;VALUE=DATE:20190304
DTEND;VALUE=DATE:20190305
SUMMARY:Funeral of Grandpa
DESCRIPTION:St. Mary's\\, 11 o'clock
LOCATION:St. Mary's Church
END:VEVENT
BEGIN:VEVENT
UID:stay@example
DTSTART;VALUE=DATE:20200301
DTEND;VALUE=DATE:20200304
SUMMARY:Hospital stay
END:VEVENT
BEGIN:VEVENT
UID:onco@example
DTSTART;TZID=Europe/Berlin:20210310T083000
DTEND;TZID=Europe/Berlin:20210310T093000
SUMMARY:Oncology
END:VEVENT
BEGIN:VEVENT
UID:late@example
DTSTART:20210310T233000Z
DTEND:20210311T000000Z
SUMMARY:Late call
END:VEVENT
BEGIN:VEVENT
UID:leap@example
DTSTART;VALUE=DATE:20000229
SUMMARY:Lea's birthday
RRULE:FREQ=YEARLY
END:VEVENT
BEGIN:VEVENT
UID:dad@example
DTSTART;VALUE=DATE:20150610
SUMMARY:Anniversary of Dad's death
RRULE:FREQ=YEARLY
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def calendar(tmp_path: Path) -> Path:
    path = tmp_path / "family.ics"
    path.write_text(CALENDAR.replace("\n", "\r\n"))
    return path


def by_summary(found, summary: str):
    return sorted(
        (i for i in found.items if i.caption.startswith(summary)), key=lambda i: i.taken_at
    )


def test_entries_are_never_offered_calendar_items_on_their_day(calendar, library):
    found = scan(CalendarImporter(), calendar, library)
    [funeral] = by_summary(found, "Funeral")
    assert funeral.kind == "calendar" and funeral.offered is False
    assert funeral.taken_at == datetime(2019, 3, 4)  # all day: naive local, the day itself
    assert funeral.caption == "Funeral of Grandpa\n\nSt. Mary's, 11 o'clock"
    assert funeral.place.name == "St. Mary's Church"
    stay = by_summary(found, "Hospital stay")
    assert [i.local_date for i in stay] == [date(2020, 3, 1), date(2020, 3, 2), date(2020, 3, 3)]


def test_times_keep_their_zone_and_google_utc_moves_into_the_calendar_zone(calendar, library):
    found = scan(CalendarImporter(), calendar, library)
    [onco] = by_summary(found, "Oncology")
    assert onco.taken_at == datetime(2021, 3, 10, 8, 30, tzinfo=BERLIN)
    [late] = by_summary(found, "Late call")
    assert late.taken_at == datetime(2021, 3, 11, 0, 30, tzinfo=BERLIN)
    assert late.local_date == date(2021, 3, 11)


def test_yearly_entries_repeat_until_a_year_after_today(calendar, library):
    found = scan(CalendarImporter(), calendar, library)
    dad = [i.local_date for i in by_summary(found, "Anniversary")]
    horizon = date.today() + timedelta(days=366)
    expected = [date(y, 6, 10) for y in range(2015, horizon.year + 1) if date(y, 6, 10) <= horizon]
    assert dad == expected


def test_29_february_is_kept_on_28_february_in_other_years(calendar, library):
    found = scan(CalendarImporter(), calendar, library)
    days = {i.local_date: i for i in by_summary(found, "Lea's birthday")}
    assert date(2000, 2, 29) in days and date(2004, 2, 29) in days
    assert date(2001, 2, 28) in days and date(2003, 2, 28) in days
    assert date(2004, 2, 28) not in days and date(2003, 3, 1) not in days
    assert any("29 February" in n for n in days[date(2001, 2, 28)].notes)
    assert len({i.content_hash for i in days.values()}) == len(days)


def test_a_broken_calendar_is_reported(tmp_path, library):
    path = tmp_path / "broken.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2019\r\n")
    found = scan(CalendarImporter(), path, library)
    assert not found.items and "not a readable calendar" in found.reasons()


def test_a_re_import_finds_the_same_entries_unchanged(calendar, library):
    first = imported(library, calendar)
    again = imported(library, calendar)
    assert first.imported > 30
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first.imported)
