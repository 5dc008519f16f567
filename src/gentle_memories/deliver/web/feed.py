"""The feed: a day's memories as curation decides them, one memory, its reasons, a calendar."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.explain import explain
from gentle_memories.deliver.web import actions
from gentle_memories.deliver.web.render import library, page, parse_day

router = APIRouter(include_in_schema=False)
ON_A_CARD = 9


def _memory(request: Request, memory_id: str, day: date):
    try:
        return actions.memory_on(library(request), memory_id, day)
    except actions.UnknownMemory:
        raise HTTPException(404, "There is no memory here.") from None


def back_to_day(day: date, done: str, anchor: str = "") -> RedirectResponse:
    fragment = f"#{anchor}" if anchor else ""
    return RedirectResponse(f"/?date={day.isoformat()}&done={done}{fragment}", status_code=303)


@router.get("/", response_class=HTMLResponse)
def today(request: Request, date: str | None = None, open: str = "") -> HTMLResponse:
    """Held memories never reach the feed, and nothing on it says the day may be hard (that
    itself would remind); an "ask" memory stays veiled unless opened."""
    day = parse_day(date)
    result = curate_day(library(request), day)
    return page(
        request,
        "today.html",
        day=result,
        on=day.isoformat(),
        is_today=day == day.today(),
        cards=[m for m in result.memories if m.decision != "hold"],
        opened=open,
        on_a_card=ON_A_CARD,
        earlier=day - timedelta(days=1),
        later=day + timedelta(days=1),
    )


@router.get("/memories/{memory_id}", response_class=HTMLResponse)
def memory_page(
    request: Request, memory_id: str, date: str | None = None, open: str = ""
) -> HTMLResponse:
    day = parse_day(date)
    memory = _memory(request, memory_id, day)
    return page(
        request,
        "memory.html",
        memory=memory,
        day=day,
        on=day.isoformat(),
        opened=open == memory.id,
        on_a_card=len(memory.items),
    )


@router.get("/why/{memory_id}", response_class=HTMLResponse)
def why(request: Request, memory_id: str, date: str | None = None) -> HTMLResponse:
    day = parse_day(date)
    memory = _memory(request, memory_id, day)
    lines = explain(library(request), memory.id, day)
    return page(request, "why.html", memory=memory, day=day, on=day.isoformat(), lines=lines)


@router.post("/memories/{memory_id}/not-now")
def not_now(request: Request, memory_id: str, date: str = Form("")) -> RedirectResponse:
    day = parse_day(date)
    _memory(request, memory_id, day)
    actions.not_now(library(request), memory_id, day)
    return back_to_day(day, "snoozed")


@router.post("/memories/{memory_id}/never")
def never(request: Request, memory_id: str, date: str = Form("")) -> RedirectResponse:
    day = parse_day(date)
    _memory(request, memory_id, day)
    actions.never(library(request), memory_id)
    return back_to_day(day, "never")


@router.post("/memories/{memory_id}/fewer")
def fewer(
    request: Request, memory_id: str, choice: int = Form(...), date: str = Form("")
) -> RedirectResponse:
    day = parse_day(date)
    memory = _memory(request, memory_id, day)
    try:
        actions.make_offer(library(request), memory, choice)
    except ValueError:
        raise HTTPException(400, "Please choose one of the offered rules.") from None
    return back_to_day(day, "rule")


@router.get("/calendar", response_class=HTMLResponse)
def month(request: Request, month: str = "") -> HTMLResponse:
    """A month of days to look back on, each marked if earlier years hold something on it."""
    try:
        first = date.fromisoformat(f"{month}-01") if month else date.today().replace(day=1)
    except ValueError:
        raise HTTPException(400, "That is not a month (YYYY-MM).") from None
    counts = library(request).month_day_counts(first.month, first.year)
    weeks = calendar.Calendar().monthdatescalendar(first.year, first.month)
    return page(
        request,
        "calendar.html",
        first=first,
        weeks=weeks,
        counts=counts,
        earlier=(first - timedelta(days=1)).replace(day=1),
        later=(first + timedelta(days=32)).replace(day=1),
        today=date.today(),
        day_names=[calendar.day_abbr[i] for i in range(7)],
    )
