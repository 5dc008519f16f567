"""Server-rendered pages: one Jinja environment, and the context every page needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from gentle_memories.curate import wording
from gentle_memories.deliver.web.actions import fewer_offers, source_date
from gentle_memories.deliver.web.auth import CSRF_FIELD, form_token
from gentle_memories.deliver.web.thumbnails import has_poster
from gentle_memories.items import StoredItem
from gentle_memories.library import Library

SHOT_LABELS = {"photo": "Photo", "video": "Video", "journal": "Journal entry"}


def _has_poster(request: Request, item: StoredItem) -> bool:
    return has_poster(request.app.state.home, item)


def shot_label(kind: str) -> str:
    """What the story viewer calls one of a memory's items: "Photo 2 of 7"."""
    return SHOT_LABELS.get(kind, kind.capitalize())


templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    long_date=wording.long_date,
    span=wording.span,
    years_ago=wording.years_ago,
    theme_words=wording.theme_words,
    rule_offer=wording.rule_offer,
    rule_reason=wording.rule_reason,
    veiled_sentence=wording.VEILED_SENTENCE,
    hard_day_sentence=wording.hard_day_sentence,
    fewer_offers=fewer_offers,
    memory_date=source_date,
    csrf_field=CSRF_FIELD,
    has_poster=_has_poster,
    shot_label=shot_label,
)

# Plain words for what just happened, chosen by a code in the URL so that no text
# from a request is ever echoed into a page.
NOTICES = {
    "snoozed": "Set aside for now. It will be offered again on this day next year.",
    "never": "It will not be offered again. You can release it under Settings, Held back.",
    "rule": "Your rule is saved. You can change it in Settings.",
    "released": "Released. It will be offered on its day again.",
    "kept": "Kept back. It will stay held back, whatever else changes.",
    "forgotten": "The rule is removed.",
    "saved": "Saved.",
    "user": "Added. They can sign in now, and start with no rules of their own.",
}


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    viewer = getattr(request.state, "viewer", None)
    context.update(
        csrf=form_token(request),
        signed_in=viewer is not None,
        viewer=viewer,
        several_users=len(request.app.state.library.users()) > 1,
        notice=NOTICES.get(request.query_params.get("done", "")),
    )
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["cache-control"] = "no-store"
    return response


def library(request: Request) -> Library:
    """The library as the signed-in user sees it: their rules, settings, notifications."""
    shared: Library = request.app.state.library
    viewer = getattr(request.state, "viewer", None)
    return shared.as_user(viewer) if viewer else shared


def parse_day(value: str | None) -> date:
    """The day a page is about: today, or ?date=YYYY-MM-DD."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, "That is not a date (YYYY-MM-DD).") from None
