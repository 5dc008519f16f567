"""Settings and Held back: what the person said, and what is kept from the feed because of it.

The settings page is a list of sections; a later feature (notifications) adds its
own by appending a Section with a template and a context function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from gentle_memories.care.taxonomy import THEMES
from gentle_memories.curate.curation import curate_day
from gentle_memories.deliver.web import actions
from gentle_memories.deliver.web.household_settings import household_context
from gentle_memories.deliver.web.notify_settings import notifications_context
from gentle_memories.deliver.web.render import library, page, parse_day
from gentle_memories.library import Library

router = APIRouter(include_in_schema=False)
HARD_DAYS_AHEAD = 14
PERSON_CHOICES = {
    "": "As noticed",
    "show": "Show",
    "ask": "Ask first",
    "hide": "Hold back",
    "remember": "Remember gently",
}
THEME_CHOICES = {k: v for k, v in PERSON_CHOICES.items() if k != "remember"}
DATE_CHOICES = {k: v for k, v in PERSON_CHOICES.items() if k}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    template: str
    context: Callable[[Library, date], dict]


def _people(lib: Library, _day: date) -> dict:
    rules = lib.rules()
    people = [(n, c, actions.current_choice(rules, "person", n)) for n, c in lib.people()]
    return {"people": people, "choices": PERSON_CHOICES}


def _themes(lib: Library, _day: date) -> dict:
    rules = lib.rules()
    themes = [(t, actions.current_choice(rules, "theme", t)) for t in THEMES]
    return {"themes": themes, "choices": THEME_CHOICES}


def _dates(lib: Library, _day: date) -> dict:
    return {"rules": [r for r in lib.rules() if r.target == "dates"], "choices": DATE_CHOICES}


def _hard_days(lib: Library, day: date) -> dict:
    """Asked of the curation function day by day, so this list agrees with every surface."""
    ahead = (curate_day(lib, day + timedelta(days=n)) for n in range(HARD_DAYS_AHEAD))
    return {"hard_days": [d for d in ahead if d.hard_day], "days_ahead": HARD_DAYS_AHEAD}


def _sources(lib: Library, _day: date) -> dict:
    latest: dict[tuple[str, ...], dict] = {}
    for run in lib.import_runs():
        latest.setdefault(tuple(run["paths"]), run)
    return {"runs": list(latest.values())}


def _rules(lib: Library, _day: date) -> dict:
    return {"rules": lib.rules()}


SECTIONS: list[Section] = [
    Section("people", "People", "settings/people.html", _people),
    Section("themes", "Themes", "settings/themes.html", _themes),
    Section("dates", "Dates and ranges", "settings/dates.html", _dates),
    Section("hard-days", "Hard days", "settings/hard_days.html", _hard_days),
    Section("sources", "Import sources", "settings/sources.html", _sources),
    Section("notifications", "Notifications", "settings/notifications.html", notifications_context),
    Section("rules", "All your rules", "settings/rules.html", _rules),
    Section("household", "Household", "settings/household.html", household_context),
]


def _saved(anchor: str, done: str = "saved") -> RedirectResponse:
    return RedirectResponse(f"/settings?done={done}#{anchor}", status_code=303)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    lib, day = library(request), date.today()
    sections = [(s, s.context(lib, day)) for s in SECTIONS]
    return page(request, "settings.html", sections=sections)


@router.post("/settings/person")
def set_person(request: Request, name: str = Form(...), action: str = Form("")):
    if action not in PERSON_CHOICES or not name.strip() or not name.isprintable():
        raise HTTPException(400, "Please choose one of the offered settings.")
    actions.set_choice(library(request), "person", name.strip(), action)
    return _saved("people")


@router.post("/settings/theme")
def set_theme(request: Request, theme: str = Form(...), action: str = Form("")):
    if action not in THEME_CHOICES or theme not in THEMES:
        raise HTTPException(400, "Please choose one of the offered settings.")
    actions.set_choice(library(request), "theme", theme, action)
    return _saved("themes")


@router.post("/settings/dates")
def add_dates(
    request: Request, action: str = Form(...), start: str = Form(...), end: str = Form("")
):
    if action not in DATE_CHOICES:
        raise HTTPException(400, "Please choose one of the offered settings.")
    first, last = parse_day(start), parse_day(end or start)
    library(request).add_rule(action, "dates", date_from=min(first, last), date_to=max(first, last))
    return _saved("dates")


@router.post("/rules/{rule_id}/forget")
def forget(request: Request, rule_id: int):
    if not library(request).forget_rule(rule_id):
        raise HTTPException(404, "There is no such rule.")
    return _saved("rules", "forgotten")


@router.get("/held", response_class=HTMLResponse)
def held(request: Request, date: str | None = None) -> HTMLResponse:
    """Held memories of a day, each shown by its date alone until the person opens it (its
    reasons may name a loss), never by its content; and what was set aside on other days."""
    day = parse_day(date)
    lib = library(request)
    curated = curate_day(lib, day)
    memories = [m for m in curated.memories if m.decision == "hold"]
    shown_ids = {m.id for m in memories}
    set_aside = [
        r
        for r in lib.rules()
        if r.target == "memory" and r.action in actions.HOLDING_ACTIONS and r.value not in shown_ids
    ]
    return page(
        request,
        "held.html",
        day=day,
        on=day.isoformat(),
        memories=memories,
        hard_day_reasons=curated.hard_day_reasons,
        is_today=day == day.today(),
        set_aside=set_aside,
        earlier=day - timedelta(days=1),
        later=day + timedelta(days=1),
    )


def _back_to_held(day: date, done: str) -> RedirectResponse:
    return RedirectResponse(f"/held?date={day.isoformat()}&done={done}", status_code=303)


@router.post("/held/{memory_id}/release")
def release(request: Request, memory_id: str, date: str = Form("")) -> RedirectResponse:
    day = parse_day(date)
    try:
        actions.release(library(request), memory_id, day)
    except actions.UnknownMemory:
        raise HTTPException(404, "There is no memory here.") from None
    return _back_to_held(day, "released")


@router.post("/held/{memory_id}/keep")
def keep(request: Request, memory_id: str, date: str = Form("")) -> RedirectResponse:
    day = parse_day(date)
    try:
        actions.keep(library(request), memory_id)
    except actions.UnknownMemory:
        raise HTTPException(404, "There is no memory here.") from None
    return _back_to_held(day, "kept")
