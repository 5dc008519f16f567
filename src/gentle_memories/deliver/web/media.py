"""Pictures and files, by item id only: the path always comes from the library, never the URL."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from gentle_memories.deliver.web import thumbnails
from gentle_memories.deliver.web.render import library
from gentle_memories.items import StoredItem, read_item_bytes
from gentle_memories.sources.immich.assets import asset_id

router = APIRouter(include_in_schema=False)
ITEM_ID = re.compile(r"[0-9a-f]{16,40}")
PRIVATE_CACHE = "private, max-age=86400"


def _item(request: Request, item_id: str) -> StoredItem:
    item = library(request).visible_item(item_id) if ITEM_ID.fullmatch(item_id) else None
    if item is None:
        raise HTTPException(404, "There is nothing here.")
    return item


@router.get("/media/{item_id}/{size}")
async def item_picture(request: Request, item_id: str, size: str) -> FileResponse:
    if size not in thumbnails.SIZES:
        raise HTTPException(404, "There is nothing here.")
    item = _item(request, item_id)
    home: Path = request.app.state.home
    path = await run_in_threadpool(thumbnails.picture, home, item, size)
    if path is None:
        raise HTTPException(404, "There is no picture for this item.")
    return FileResponse(path, media_type="image/jpeg", headers={"cache-control": PRIVATE_CACHE})


@router.get("/media/{item_id}", response_model=None)
async def item_file(request: Request, item_id: str) -> FileResponse | Response:
    """The original file, for videos and for "open the full photo"; for a photo in
    Immich, its large picture (the original stays on the Immich server)."""
    item = _item(request, item_id)
    headers = {"cache-control": PRIVATE_CACHE}
    if asset_id(item.uri):
        return await item_picture(request, item_id, "large")
    path = Path(item.uri)
    if path.is_file():
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(
            path,
            media_type=media_type,
            content_disposition_type="inline",
            filename=path.name,
            headers=headers,
        )
    found = await run_in_threadpool(read_item_bytes, item.uri, thumbnails.MAX_SOURCE_BYTES)
    if found is None:
        raise HTTPException(404, "This file is no longer where it was imported from.")
    data, name = found
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(data, media_type=media_type, headers=headers)
