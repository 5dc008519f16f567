"""Settings, Household: who signs in here. An admin adds users; each then has their own rules."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from gentle_memories.deliver.web.render import library
from gentle_memories.library import Library, LibraryError

router = APIRouter(include_in_schema=False)


def household_context(lib: Library, _day: date) -> dict:
    return {"users": lib.users(), "me": lib.user}


@router.post("/settings/users")
def add_user(
    request: Request, name: str = Form(...), password: str = Form(...)
) -> RedirectResponse:
    lib = library(request)
    if not lib.user.admin:
        raise HTTPException(403, "Only an admin of this household can add users.")
    if not lib.user.has_password:
        raise HTTPException(
            400,
            "Give yourself a password first (memories user password "
            f"{lib.user.name}): with two of you, the page asks everyone to sign in.",
        )
    try:
        lib.add_user(name, password)
    except LibraryError as err:
        raise HTTPException(400, str(err)) from None
    return RedirectResponse("/settings?done=user#household", status_code=303)
