"""Settings, Notifications: targets (masked), when they come, and the log of what was decided.

A target's URL is taken in and never shown again: the page lists only its kind.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from gentle_memories.deliver.notify import schedule, targets
from gentle_memories.deliver.web.render import library
from gentle_memories.library import Library

router = APIRouter(include_in_schema=False)
LOG_LENGTH = 14


def notifications_context(lib: Library, _day: date) -> dict:
    plan = schedule.load(lib)
    return {
        "targets": [targets.mask(u) for u in targets.load(lib)],
        "schedule": plan,
        "quiet_off": plan.quiet_from == plan.quiet_to,
        "log": lib.notification_log(LOG_LENGTH),
    }


def _saved() -> RedirectResponse:
    return RedirectResponse("/settings?done=saved#notifications", status_code=303)


@router.post("/settings/notify/targets")
def add_target(request: Request, url: str = Form(...)) -> RedirectResponse:
    try:
        targets.add(library(request), url)
    except ValueError:
        raise HTTPException(
            400, "That is not a notification address Apprise understands, or it is there already."
        ) from None
    return _saved()


@router.post("/settings/notify/targets/{number}/remove")
def remove_target(request: Request, number: int) -> RedirectResponse:
    try:
        targets.remove(library(request), number)
    except ValueError:
        raise HTTPException(404, "There is no such target.") from None
    return _saved()


@router.post("/settings/notify/schedule")
def set_schedule(
    request: Request,
    at: str = Form(...),
    quiet_from: str = Form(""),
    quiet_to: str = Form(""),
    zone: str = Form(""),
) -> RedirectResponse:
    quiet = f"{quiet_from}-{quiet_to}" if quiet_from and quiet_to else "off"
    try:
        schedule.change(library(request), at, quiet, zone)
    except ValueError:
        raise HTTPException(
            400, "Please give times as HH:MM and a time zone like Europe/Berlin."
        ) from None
    return _saved()
