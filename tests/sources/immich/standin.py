"""A stand-in Immich server, for tests: it answers the calls Gentle Memories makes, as
Immich 3.0 would, and checks every request it gets and every answer it gives against
Immich's pinned OpenAPI spec.

No Immich server can run here, so this is the contract. A request that does not match
the spec (a wrong type, a time without its Z, a field Immich would refuse) is answered
400, as Immich's validation would, and kept in `violations`; an answer of ours that does
not match it is a fault of the stand-in, answered 500 and kept too. The `standin`
fixture fails a test that left any.

Its CLIP search ranks assets by the words their scene is described with, nearest first,
and answers every query with something, as CLIP does: the order is all a client gets.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPEC_FILE = Path(__file__).with_name("immich-openapi-3.0.0.json")
SPEC = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
# Immich's own spec does not pass a strict spec check (its bearer scheme names an "in"),
# so it is read as published, unchecked; requests and answers are still checked against it.
CONTRACT = OpenAPI.from_dict(SPEC, config=Config(spec_validator_cls=None))
KEY = "gm-test-key-4f1c9a2e7b"


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (96, 72), (176, 140, 110)).save(out, "JPEG")
    return out.getvalue()


JPEG = _jpeg()
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WORD = re.compile(r"[a-z]+")
STOP = {"a", "an", "the", "of", "in", "on", "at", "with", "and", "or", "to", "her", "his"}


def iso(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _ref(name: str) -> dict:
    return SPEC["components"]["schemas"][name]


def _unknown_fields(body: Any, schema: dict, where: str = "") -> list[str]:
    """Fields a request sends that its schema does not name: Immich refuses them
    (its validation forbids non-whitelisted properties); openapi-core would not."""
    if "$ref" in schema:
        schema = _ref(schema["$ref"].rsplit("/", 1)[1])
    if not isinstance(body, dict) or "properties" not in schema:
        return []
    found = []
    for key, value in body.items():
        if key not in schema["properties"]:
            found.append(f"{where}{key}")
        else:
            found += _unknown_fields(value, schema["properties"][key], f"{where}{key}.")
    return found


@dataclass
class Asset:
    """One asset as the stand-in keeps it; `scene` is what the picture shows, in words."""

    id: str
    taken: datetime
    zone: str | None
    scene: str = ""
    description: str = ""
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    visibility: str = "timeline"
    trashed: bool = False
    favourite: bool = False
    kind: str = "IMAGE"
    exif_date: bool = True
    updated: datetime = NOW
    lat: float | None = None
    lon: float | None = None
    city: str | None = None
    country: str | None = None


class Standin:
    """The server's state: one user's assets, albums, people and memories."""

    def __init__(self, user: str = "Mara") -> None:
        self._ids = 0
        self.user_id = self.new_id()
        self.user = user
        self.assets: dict[str, Asset] = {}
        self.albums: dict[str, dict] = {}
        self.people: dict[str, dict] = {}
        self.memories: dict[str, dict] = {}
        self.memories_enabled = True
        self.version = (3, 0, 1)
        self.calls: list[tuple[str, str, dict, Any]] = []
        self.violations: list[str] = []
        self.fail_after: int | None = None
        """Stop answering (connection closed) after this many more calls."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.clock = NOW

    def new_id(self) -> str:
        """A version-4 uuid, as Immich's ids are, but the same in every run."""
        self._ids += 1
        return str(uuid.UUID(int=self._ids * 0x9E3779B97F4A7C15 % (1 << 122), version=4))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Standin:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- the library, as a test builds it ---

    def tick(self) -> datetime:
        """Time moves on between changes, as on a real server."""
        self.clock += timedelta(minutes=1)
        return self.clock

    def person(self, name: str) -> str:
        for pid, p in self.people.items():
            if p["name"] == name:
                return pid
        pid = self.new_id()
        self.people[pid] = {
            "id": pid,
            "name": name,
            "birthDate": None,
            "isHidden": False,
            "isFavorite": False,
            "thumbnailPath": f"/usr/src/app/upload/thumbs/{self.user_id}/{pid[:2]}/{pid}.jpeg",
            "updatedAt": iso(self.tick()),
            "color": "#8d6e63",
        }
        return pid

    def add(self, taken: str, zone: str | None = "Europe/Berlin", **said: Any) -> str:
        asset_id = self.new_id()
        local = datetime.fromisoformat(taken)
        moment = local.replace(tzinfo=ZoneInfo(zone)) if zone else local.replace(tzinfo=UTC)
        people = said.pop("people", [])
        for name in people:
            self.person(name)
        self.assets[asset_id] = Asset(
            asset_id, moment, zone, people=people, updated=self.tick(), **said
        )
        return asset_id

    def change(self, asset_id: str, **said: Any) -> None:
        for key, value in said.items():
            setattr(self.assets[asset_id], key, value)
        self.assets[asset_id].updated = self.tick()

    def album(self, name: str, asset_ids: list[str]) -> str:
        album_id = self.new_id()
        self.albums[album_id] = {"name": name, "assets": list(asset_ids), "updated": self.tick()}
        return album_id

    def add_to_album(self, album_id: str, asset_ids: list[str]) -> None:
        self.albums[album_id]["assets"] += asset_ids
        self.albums[album_id]["updated"] = self.tick()

    def rename(self, person_name: str, new_name: str) -> None:
        pid = self.person(person_name)
        self.people[pid].update(name=new_name, updatedAt=iso(self.tick()))
        for asset in self.assets.values():
            asset.people = [new_name if p == person_name else p for p in asset.people]

    def lock(self, asset_id: str) -> None:
        """Move an asset to the locked folder: it leaves an API key's view entirely."""
        self.change(asset_id, visibility="locked")

    # --- Immich's answers ---

    def asset_json(self, a: Asset, exif: bool = True, people: bool = True) -> dict:
        local = a.taken.replace(tzinfo=UTC)  # the wall-clock time, written as if UTC
        checksum = base64.b64encode(hashlib.sha1(a.id.encode()).digest()).decode()
        name = f"IMG_{a.taken:%Y%m%d_%H%M%S}.{'mp4' if a.kind == 'VIDEO' else 'jpg'}"
        found: dict[str, Any] = {
            "id": a.id,
            "type": a.kind,
            "checksum": checksum,
            "createdAt": iso(a.updated - timedelta(days=1)),
            "updatedAt": iso(a.updated),
            "fileCreatedAt": iso(a.taken),
            "fileModifiedAt": iso(a.taken),
            "localDateTime": iso(local),
            "duration": 7000 if a.kind == "VIDEO" else None,
            "hasMetadata": True,
            "width": 4032,
            "height": 3024,
            "isArchived": a.visibility == "archive",
            "isEdited": False,
            "isFavorite": a.favourite,
            "isOffline": False,
            "isTrashed": a.trashed,
            "visibility": a.visibility,
            "originalFileName": name,
            "originalPath": f"/data/library/{self.user_id}/{a.taken:%Y/%Y-%m-%d}/{name}",
            "ownerId": self.user_id,
            "thumbhash": "1QcSHQRnh493V4dIh4eXh1h4kJUI",
            "libraryId": None,
            "livePhotoVideoId": None,
            "duplicateId": None,
            "tags": [
                {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, t)),
                    "name": t.rsplit("/", 1)[-1],
                    "value": t,
                    "createdAt": iso(NOW),
                    "updatedAt": iso(NOW),
                }
                for t in a.tags
            ],
        }
        if exif:
            found["exifInfo"] = {
                "make": "Google",
                "model": "Pixel 7",
                "exifImageWidth": 4032,
                "exifImageHeight": 3024,
                "fileSizeInByte": 2_400_000,
                "orientation": "1",
                "dateTimeOriginal": iso(a.taken) if a.exif_date else None,
                "modifyDate": iso(a.taken),
                "timeZone": a.zone if a.exif_date else None,
                "lensModel": None,
                "fNumber": 1.9,
                "focalLength": 6.8,
                "iso": 100,
                "exposureTime": "1/120",
                "latitude": a.lat,
                "longitude": a.lon,
                "city": a.city,
                "state": None,
                "country": a.country,
                "description": a.description,
                "projectionType": None,
                "rating": None,
            }
        if people:
            found["people"] = [self.people[self.person(n)] for n in a.people]
        return found

    def album_json(self, album_id: str) -> dict:
        album = self.albums[album_id]
        owner = {
            "id": self.user_id,
            "name": self.user,
            "email": "mara@example.org",
            "avatarColor": "amber",
            "profileImagePath": "",
            "profileChangedAt": iso(NOW),
        }
        return {
            "id": album_id,
            "albumName": album["name"],
            "description": "",
            "albumThumbnailAssetId": album["assets"][0] if album["assets"] else None,
            "albumUsers": [{"role": "owner", "user": owner}],
            "assetCount": len(album["assets"]),
            "createdAt": iso(NOW - timedelta(days=400)),
            "updatedAt": iso(album["updated"]),
            "hasSharedLink": False,
            "isActivityEnabled": True,
            "shared": False,
            "order": "desc",
        }

    def user_json(self) -> dict:
        return {
            "id": self.user_id,
            "name": self.user,
            "email": "mara@example.org",
            "avatarColor": "amber",
            "createdAt": iso(NOW - timedelta(days=900)),
            "updatedAt": iso(NOW - timedelta(days=3)),
            "deletedAt": None,
            "isAdmin": True,
            # a licensed server: openapi-core reads Immich's nullable allOf as not nullable
            "license": {
                "activatedAt": iso(NOW - timedelta(days=200)),
                "activationKey": "a1b2c3d4e5f6",
                "licenseKey": "IMSV-6ECZ-91TE-WZRM-Q7AQ-MBN4-UW48-2CPT-71X9",
            },
            "oauthId": "",
            "profileChangedAt": iso(NOW),
            "profileImagePath": "",
            "quotaSizeInBytes": None,
            "quotaUsageInBytes": 9_600_000_000,
            "shouldChangePassword": False,
            "status": "active",
            "storageLabel": "admin",
        }

    def preferences_json(self) -> dict:
        both = {"enabled": True, "sidebarWeb": False}
        return {
            "albums": {"defaultAssetOrder": "desc"},
            "cast": {"gCastEnabled": False},
            "download": {"archiveSize": 4_294_967_296, "includeEmbeddedVideos": False},
            "emailNotifications": {"enabled": True, "albumInvite": True, "albumUpdate": True},
            "folders": both,
            "memories": {"enabled": self.memories_enabled, "duration": 5},
            "people": both,
            "purchase": {
                "showSupportBadge": True,
                "hideBuyButtonUntil": "2022-02-12T00:00:00.000Z",
            },
            "ratings": {"enabled": False},
            "sharedLinks": both,
            "tags": both,
        }

    def visible(self, a: Asset, body: dict) -> bool:
        if a.visibility == "locked":
            return False
        if a.trashed and not body.get("withDeleted"):
            return False
        wanted = body.get("visibility")
        return a.visibility == wanted if wanted else a.visibility in ("timeline", "archive")

    def search(self, body: dict) -> list[Asset]:
        found = [a for a in self.assets.values() if self.visible(a, body)]
        if "updatedAfter" in body:
            after = datetime.fromisoformat(body["updatedAfter"])
            found = [a for a in found if a.updated >= after]
        if "id" in body:
            found = [a for a in found if a.id == body["id"]]
        for album_id in body.get("albumIds", []):
            members = self.albums.get(album_id, {}).get("assets", [])
            found = [a for a in found if a.id in members]
        for pid in body.get("personIds", []):
            found = [a for a in found if self.people[pid]["name"] in a.people]
        if "takenAfter" in body:
            found = [a for a in found if a.taken >= datetime.fromisoformat(body["takenAfter"])]
        if "takenBefore" in body:
            found = [a for a in found if a.taken <= datetime.fromisoformat(body["takenBefore"])]
        return found

    def page(self, found: list[Asset], body: dict, exif: bool, people: bool) -> dict:
        size, page = body.get("size", 250), body.get("page", 1)
        chunk = found[(page - 1) * size : page * size]
        more = len(found) > page * size
        return {
            "albums": {"total": 0, "count": 0, "items": [], "facets": []},
            "assets": {
                "total": len(chunk),
                "count": len(chunk),
                "items": [self.asset_json(a, exif, people) for a in chunk],
                "facets": [],
                "nextPage": str(page + 1) if more else None,
            },
        }

    def smart(self, body: dict) -> list[Asset]:
        asked = set(WORD.findall(body["query"].lower())) - STOP

        def nearness(a: Asset) -> tuple:
            shows = set(WORD.findall(a.scene.lower())) - STOP
            overlap = len(asked & shows) / (len(asked | shows) or 1)
            return (-overlap, a.id)

        return sorted(self.search({k: v for k, v in body.items() if k != "query"}), key=nearness)

    def memory_json(self, memory: dict) -> dict:
        return {
            **{k: v for k, v in memory.items() if k != "assetIds" and v is not None},
            "assets": [self.asset_json(self.assets[i]) for i in memory["assetIds"]],
        }

    def answer(self, method: str, path: str, query: dict, body: Any) -> tuple[int, Any]:
        if method == "GET" and path == "/users/me":
            return 200, self.user_json()
        if method == "GET" and path == "/server/version":
            return 200, dict(zip(("major", "minor", "patch"), self.version, strict=True))
        if method == "GET" and path == "/users/me/preferences":
            return 200, self.preferences_json()
        if method == "GET" and path == "/assets/statistics":
            shown = [a for a in self.assets.values() if not a.trashed]
            shown = [a for a in shown if a.visibility == query.get("visibility", "timeline")]
            images = sum(a.kind == "IMAGE" for a in shown)
            videos = sum(a.kind == "VIDEO" for a in shown)
            return 200, {"images": images, "videos": videos, "total": images + videos}
        if method == "POST" and path == "/search/metadata":
            found = sorted(self.search(body), key=lambda a: a.taken, reverse=True)
            return 200, self.page(
                found, body, body.get("withExif", False), body.get("withPeople", False)
            )
        if method == "POST" and path == "/search/smart":
            return 200, self.page(self.smart(body), body, True, False)
        if method == "GET" and path == "/albums":
            return 200, [self.album_json(i) for i in self.albums]
        if method == "GET" and path == "/people":
            people = list(self.people.values())
            return 200, {"people": people, "total": len(people), "hidden": 0, "hasNextPage": False}
        if method == "GET" and path == "/memories":
            return 200, [self.memory_json(m) for m in self.memories.values()]
        if method == "POST" and path == "/memories":
            memory_id = self.new_id()
            now = iso(self.tick())
            self.memories[memory_id] = {
                "id": memory_id,
                "ownerId": self.user_id,
                "type": body["type"],
                "data": body["data"],
                "memoryAt": body["memoryAt"],
                "showAt": body.get("showAt"),
                "hideAt": body.get("hideAt"),
                "isSaved": body.get("isSaved", False),
                "createdAt": now,
                "updatedAt": now,
                "assetIds": [i for i in body.get("assetIds", []) if i in self.assets],
            }
            return 201, self.memory_json(self.memories[memory_id])
        match = re.fullmatch(r"/memories/([^/]+)", path)
        if method == "DELETE" and match:
            if self.memories.pop(match[1], None) is None:
                return 400, {"message": "Memory not found", "statusCode": 400}
            return 204, None
        match = re.fullmatch(r"/assets/([^/]+)/thumbnail", path)
        if method == "GET" and match:
            if match[1] not in self.assets:
                return 400, {"message": "Asset not found", "statusCode": 400}
            return 200, JPEG
        return 404, {"message": f"Cannot {method} /api{path}", "statusCode": 404}


def _handler(standin: Standin):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet in tests
            pass

        def _serve(self, method: str) -> None:
            if standin.fail_after is not None:
                if standin.fail_after <= 0:
                    self.close_connection = True
                    self.connection.close()
                    return
                standin.fail_after -= 1
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query))
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = parts.path.removeprefix("/api")
            problem = self._check_request(method, parts.path, query, raw)
            body = json.loads(raw) if raw else None
            standin.calls.append((method, path, query, body))
            if problem:
                standin.violations.append(f"{method} {parts.path}: {problem}")
                return self._send(400, {"message": problem, "statusCode": 400}, method, parts)
            if self.headers.get("x-api-key") != KEY:
                return self._send(
                    401, {"message": "Invalid API key", "statusCode": 401}, method, parts
                )
            status, answer = standin.answer(method, path, query, body)
            self._send(status, answer, method, parts)

        def _check_request(self, method: str, path: str, query: dict, raw: bytes) -> str | None:
            content_type = self.headers.get("Content-Type", "application/json")
            request = MockRequest(
                "http://immich",
                method.lower(),
                path,
                args=query,
                data=raw or None,
                headers=dict(self.headers),
                content_type=content_type,
            )
            try:
                CONTRACT.validate_request(request)
            except Exception as err:  # openapi-core's errors name what is wrong
                return f"{type(err).__name__}: {err.__cause__ or err}"
            op = _operation(method, path)
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
            if extra := set(query) - declared:
                return f"query parameters Immich does not take: {sorted(extra)}"
            if raw:
                schema = op["requestBody"]["content"]["application/json"]["schema"]
                if extra := _unknown_fields(json.loads(raw), schema):
                    return f"property {extra[0]} should not exist"
            return None

        def _send(self, status: int, answer: Any, method: str, parts) -> None:
            binary = isinstance(answer, bytes)
            data = (
                answer if binary else (json.dumps(answer).encode() if answer is not None else b"")
            )
            # the spec says octet-stream, where a real server names the image's type:
            # the client must not trust either
            kind = "application/octet-stream" if binary else "application/json"
            if status < 400:
                request = MockRequest(
                    "http://immich", method.lower(), parts.path, args=dict(parse_qsl(parts.query))
                )
                try:
                    CONTRACT.validate_response(
                        request, MockResponse(data, status_code=status, content_type=kind)
                    )
                except Exception as err:
                    standin.violations.append(
                        f"answer to {method} {parts.path}: {err.__cause__ or err}"
                    )
                    status, data, kind = (
                        500,
                        b'{"message":"stand-in answer off-spec"}',
                        "application/json",
                    )
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

    return Handler


def _operation(method: str, path: str) -> dict:
    for template, ops in SPEC["paths"].items():
        pattern = "^/api" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in ops:
            return ops[method.lower()]
    raise KeyError(f"{method} {path}")
