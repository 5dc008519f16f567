"""The web app: pages, JSON API and media over one library, with the guards around them."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from gentle_memories.deliver.notify import scheduler
from gentle_memories.deliver.web import (
    api,
    feed,
    household_settings,
    login,
    media,
    notify_settings,
    settings,
)
from gentle_memories.deliver.web.auth import (
    CSRF_COOKIE,
    PASSWORD_ENV,
    Access,
    check_bind,
    check_csrf,
    is_loopback,
    load_secret,
)
from gentle_memories.deliver.web.render import page
from gentle_memories.library import Library

ROUTERS = (
    login.router,
    feed.router,
    settings.router,
    notify_settings.router,
    household_settings.router,
    media.router,
    api.router,
)
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
OPEN_PATHS = ("/login", "/static/")
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def create_app(library: Library, host: str = "127.0.0.1", password: str | None = None) -> FastAPI:
    """The app for a library, guarded as befits the address it will listen on."""
    check_bind(host, password, library)
    app = FastAPI(
        title="Gentle Memories",
        summary="On-this-day memories from your own archive, gentle on the days that hurt.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(check_csrf)],
        lifespan=scheduler.lifespan(library),
    )
    app.state.library = library
    app.state.home = library.home
    app.state.access = Access(load_secret(library.home), library, password or None)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.middleware("http")(_guard)
    if is_loopback(host) and not password:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_NAMES)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_request)
    return app


async def _guard(request: Request, call_next) -> Response:
    """Sign-in where a password is set, the CSRF cookie, and the security headers."""
    access: Access = request.app.state.access
    path = request.url.path
    request.state.viewer = access.viewer(request)
    if access.login_required and request.state.viewer is None and not path.startswith(OPEN_PATHS):
        if path.startswith(("/api/", "/media/")) or request.method != "GET":
            response: Response = JSONResponse({"detail": "sign in first"}, status_code=401)
        else:
            wanted = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else "")
            )
            response = RedirectResponse(f"/login?next={wanted}", status_code=303)
    else:
        response = await call_next(request)
    seed = getattr(request.state, "new_csrf_seed", None)
    if seed:
        response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="strict")
    response.headers.update(SECURITY_HEADERS)
    return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.method not in ("GET", "POST")


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if _wants_json(request) or exc.status_code == 405:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    message = "There is nothing here." if exc.detail == "Not Found" else exc.detail
    return page(request, "error.html", status=exc.status_code, message=message)


async def _bad_request(request: Request, exc: RequestValidationError) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": exc.errors()}, status_code=422)
    return page(request, "error.html", status=400, message="Something in this request was wrong.")


def serve(home: Path, host: str = "127.0.0.1", port: int = 8765, db: str | None = None) -> None:
    """Run the app until stopped. Refuses a non-local address without a password."""
    import uvicorn

    password = os.environ.get(PASSWORD_ENV) or None
    check_bind(host, password)
    library = Library.open(home, db, quick_check=True)  # a damaged library is not served
    try:
        app = create_app(library, host, password)
        gc.freeze()  # start-up's objects live as long as the server: full collections skip them
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        library.close()
