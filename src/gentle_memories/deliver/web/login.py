"""The login page, shown only when the server guards the library with a password."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from gentle_memories.deliver.web.auth import SESSION_COOKIE, SESSION_SECONDS, Access
from gentle_memories.deliver.web.render import page

router = APIRouter(include_in_schema=False)
FAILED_LOGIN_PAUSE = 1.0


def _local_path(target: str) -> str:
    """Only a path on this site, so the login page cannot send anyone elsewhere."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", next=_local_path(next), failed=False, user_name="")


@router.post("/login", response_model=None)
async def login(
    request: Request, password: str = Form(""), name: str = Form(""), next: str = Form("/")
) -> HTMLResponse | RedirectResponse:
    access: Access = request.app.state.access
    user = access.sign_in(name, password)
    if user is None:
        await asyncio.sleep(FAILED_LOGIN_PAUSE)
        return page(
            request, "login.html", status=401, next=_local_path(next), failed=True, user_name=name
        )
    response = RedirectResponse(_local_path(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        access.new_session(user),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response
