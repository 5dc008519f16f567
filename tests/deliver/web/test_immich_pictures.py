"""Immich's pictures through our own server: the browser never sees the key or Immich's address."""

from __future__ import annotations

import io

from PIL import Image

from gentle_memories.library import Library
from tests.deliver.web.conftest import client, live_server
from tests.sources.immich.family import build, imported
from tests.sources.immich.standin import KEY


def test_a_picture_in_immich_is_served_by_our_server_and_cached(home, standin):
    family = build(standin)
    imported(home, standin)
    library = Library.open(home)
    try:
        item_id = library.ids_by_uri([f"immich:{family.favourite}"])[f"immich:{family.favourite}"]
        got = client(library).get(f"/media/{item_id}/thumb")
        assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
        assert Image.open(io.BytesIO(got.content)).size == (96, 72)
        asked = len(standin.calls)
        assert client(library).get(f"/media/{item_id}/thumb").status_code == 200
        assert len(standin.calls) == asked, "the second time comes from the cache"
        assert client(library).get(f"/media/{item_id}").headers["content-type"] == "image/jpeg"
    finally:
        library.close()


def test_the_page_in_a_browser_loads_nothing_from_immich_and_shows_no_key(home, standin, browser):
    build(standin)
    imported(home, standin)
    library = Library.open(home)
    try:
        with live_server(library) as url:
            context = browser.new_context(base_url=url)
            tab = context.new_page()
            requested: list[str] = []
            tab.on("request", lambda r: requested.append(r.url))
            tab.goto("/?date=2025-12-01")
            tab.wait_for_load_state("networkidle")
            images = tab.locator("img")
            assert images.count() > 0
            assert all(
                tab.evaluate("(img) => img.naturalWidth", images.nth(i).element_handle()) > 0
                for i in range(images.count())
            ), "every picture loaded"
            html = tab.content()
            context.close()
    finally:
        library.close()
    assert requested and all(r.startswith(url) for r in requested), requested
    assert KEY not in html and standin.url not in html
