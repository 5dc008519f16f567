"""The few calls Gentle Memories makes to Immich's REST API, and nothing else.

Written against Immich's published OpenAPI spec 3.0.0 (the same calls as @immich/sdk
3.0.0), which covers Immich servers v2.6.0 to v3.0.x: `showAt`/`hideAt` on a created
memory came in v2.6.0. The tests pin that spec and validate every request and
response against it (tests/sources/immich/).

Every failure is one ImmichError with a line a person can act on; the key is never
part of it. Nothing here changes an asset: the only writes are memories.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

OLDEST = (2, 6, 0)
"""The oldest server that takes our memories with showAt and hideAt."""
PAGE = 1000
TIMEOUT_S = 30


class ImmichError(Exception):
    """Immich could not be reached, refused us, or answered something we do not understand."""


def utc(moment: datetime) -> str:
    """A time as Immich's spec asks for it: UTC, with milliseconds and a Z."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class Immich:
    """One user's view of one Immich server, through that user's API key."""

    def __init__(self, url: str, key: str, timeout: float = TIMEOUT_S) -> None:
        self.url = normal_url(url)
        self._key = key
        self._timeout = timeout

    def _call(
        self, method: str, path: str, query: dict | None = None, body: dict | None = None
    ) -> tuple[bytes, str]:
        address = f"{self.url}/api{path}"
        if query:
            address += "?" + urllib.parse.urlencode(
                {k: str(v).lower() if isinstance(v, bool) else v for k, v in query.items()}
            )
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(address, data=data, method=method)
        request.add_header("x-api-key", self._key)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            raise ImmichError(self._refused(err, method, path)) from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as err:
            why = getattr(err, "reason", err)
            raise ImmichError(f"cannot reach Immich at {self.url}: {why}") from None

    def _refused(self, err: urllib.error.HTTPError, method: str, path: str) -> str:
        if err.code == 401:
            return f"Immich at {self.url} does not accept this API key (401)"
        if err.code == 403:
            return f"the API key lacks a permission Immich needs for {method} {path} (403)"
        try:
            said = json.loads(err.read() or b"{}").get("message")
        except (ValueError, AttributeError):
            said = None
        said = "; ".join(said) if isinstance(said, list) else said
        return f"Immich answered {err.code} to {method} {path}" + (f": {said}" if said else "")

    def _json(self, method: str, path: str, query: dict | None = None, body: dict | None = None):
        raw, _ = self._call(method, path, query, body)
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise ImmichError(
                f"Immich at {self.url} answered {path} with something not JSON"
            ) from None

    def me(self) -> dict[str, Any]:
        return self._json("GET", "/users/me")

    def version(self) -> tuple[int, int, int]:
        said = self._json("GET", "/server/version")
        return (said["major"], said["minor"], said["patch"])

    def preferences(self) -> dict[str, Any]:
        return self._json("GET", "/users/me/preferences")

    def statistics(self, visibility: str) -> int:
        """How many photos and videos of this visibility the user has, trash aside."""
        query = {"visibility": visibility, "isTrashed": False}
        said = self._json("GET", "/assets/statistics", query)
        return int(said["images"]) + int(said["videos"])

    def assets(self, **search: Any) -> Iterator[dict[str, Any]]:
        """Every asset a metadata search finds, with EXIF and people, a page at a time."""
        page: int | None = 1
        while page:
            body = {"page": page, "size": PAGE, "withExif": True, "withPeople": True, **search}
            said = self._json("POST", "/search/metadata", body=body)["assets"]
            yield from said["items"]
            page = int(said["nextPage"]) if said.get("nextPage") else None

    def albums(self) -> list[dict[str, Any]]:
        return self._json("GET", "/albums")

    def people(self) -> Iterator[dict[str, Any]]:
        """Every face cluster, named or not, hidden ones too (a hidden face is still a person)."""
        page = 1
        while True:
            said = self._json("GET", "/people", {"page": page, "size": PAGE, "withHidden": True})
            yield from said["people"]
            if not said.get("hasNextPage"):
                return
            page += 1

    def smart_search(
        self, query: str, taken_after: datetime, taken_before: datetime, size: int
    ) -> list[str]:
        """The ids of the assets CLIP finds nearest to the words, nearest first.

        Immich gives no distance, only the order, so the caller judges by rank."""
        body = {
            "query": query,
            "takenAfter": utc(taken_after),
            "takenBefore": utc(taken_before),
            "size": size,
            "page": 1,
        }
        return [a["id"] for a in self._json("POST", "/search/smart", body=body)["assets"]["items"]]

    def memories(self) -> list[dict[str, Any]]:
        return self._json("GET", "/memories", {"type": "on_this_day"})

    def create_memory(
        self, year_of: datetime, show_at: datetime, hide_at: datetime, asset_ids: list[str]
    ) -> dict[str, Any]:
        body = {
            "type": "on_this_day",
            "data": {"year": year_of.year},
            "memoryAt": utc(year_of),
            "showAt": utc(show_at),
            "hideAt": utc(hide_at),
            "assetIds": asset_ids,
            "isSaved": False,
        }
        return self._json("POST", "/memories", body=body)

    def delete_memory(self, memory_id: str) -> None:
        self._call("DELETE", f"/memories/{urllib.parse.quote(memory_id)}")

    def thumbnail(self, asset_id: str) -> tuple[bytes, str]:
        """The preview image of an asset and its media type."""
        path = f"/assets/{urllib.parse.quote(asset_id)}/thumbnail"
        return self._call("GET", path, {"size": "preview"})


def normal_url(url: str) -> str:
    """The server's address as a person pastes it, without a trailing /api or slash."""
    url = url.strip().rstrip("/")
    if url.endswith("/api"):
        url = url[: -len("/api")]
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an Immich address (http://host:2283)")
    return url
