"""`memories import immich`: read what changed in an Immich account since the last run.

A run asks for the assets updated since the last run's newest change, the members of
albums changed since then and the photos of people renamed since then. Items are saved
in batches; the point to resume from is kept only when the run ends, so a server that
goes away halfway costs nothing but the next run asking again for the same changes.

Archived, hidden and trashed assets come back with their visibility and are kept, never
offered. An asset moved to the locked folder or deleted leaves no trace in an API key's
view, so when the server's count of timeline assets differs from ours, the run lists
every asset once and withdraws the ones no longer there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from gentle_memories.importing import ImportSummary, Progress, save_batch
from gentle_memories.items import Item
from gentle_memories.library import Library
from gentle_memories.sources.base import Skipped
from gentle_memories.sources.immich import assets as to
from gentle_memories.sources.immich.api import Immich, parse_time, utc

STATE = "immich.sync"
BATCH = 500
GONE = "no longer in Immich's timeline (deleted, or moved to its locked folder)"


@dataclass
class Synced:
    summary: ImportSummary
    years: set[int]
    """The years whose pictures are to be looked at again: those of the assets read, and
    those a run that stopped before its look left (pictures_seen clears them)."""


def import_immich(
    library: Library, immich: Immich, progress: Progress | None = None, full: bool = False
) -> Synced:
    """Bring the library up to date with the Immich account; raises ImmichError when the
    server cannot be read, keeping every batch saved before."""
    user = immich.me()["id"]
    state = library.setting(STATE) or {}
    if full or state.get("server") != immich.url or state.get("user") != user:
        state = {"server": immich.url, "user": user, "albums": {}}
    since = parse_time(state["cursor"]) if state.get("cursor") else None
    summary = ImportSummary()
    summary.formats[to.SOURCE] += 1
    run_id = library.start_import([immich.url])

    albums = immich.albums()
    members, fetched = _album_members(immich, albums, state["albums"], since)
    if since:
        for person in immich.people():
            if parse_time(person["updatedAt"]) >= since:
                fetched.update((a["id"], a) for a in immich.assets(personIds=[person["id"]]))
    changes = {"updatedAfter": utc(since)} if since else {}
    for shown in ({}, {"visibility": "hidden"}):
        fetched.update((a["id"], a) for a in immich.assets(withDeleted=True, **changes, **shown))

    in_albums = defaultdict(list)
    for info in sorted(members.values(), key=lambda info: info["name"]):
        for asset_id in info["assets"]:
            in_albums[asset_id].append(info["name"])
    batch: list[Item] = []
    years: set[int] = set()
    for done, asset in enumerate(fetched.values(), start=1):
        if progress:
            progress(done, len(fetched))
        found = to.to_item(asset, in_albums.get(asset["id"], []))
        if isinstance(found, Skipped):
            summary.skipped.append(found)
            continue
        batch.append(found)
        years.update([found.local_date.year] if found.local_date else [])
        if len(batch) >= BATCH:
            save_batch(library, batch, summary, posters=False)
            batch = []
    save_batch(library, batch, summary, posters=False)
    summary.gone += _withdraw_gone(library, immich, None if since else set(fetched))

    times = [parse_time(a["updatedAt"]) for a in [*fetched.values(), *albums]]
    newest = max([*times, *([since] if since else [])], default=None)
    cursor = {"cursor": utc(newest)} if newest else {}
    years |= set(state.get("pictures_due", []))
    due = {"pictures_due": sorted(years)}
    library.set_setting(STATE, {**state, **cursor, **due, "albums": members})
    library.finish_import(run_id, summary.as_dict())
    return Synced(summary, years)


def pictures_seen(library: Library) -> None:
    """The pictures of the years read were looked at: the next run need not look again."""
    library.set_setting(STATE, {**(library.setting(STATE) or {}), "pictures_due": []})


def _album_members(
    immich: Immich, albums: list[dict], known: dict[str, dict], since: datetime | None
) -> tuple[dict[str, dict], dict[str, dict]]:
    """Each album's name and members, and the assets whose albums may have changed: the
    members of albums changed since the last run, those who left them included."""
    members: dict[str, dict] = {}
    fetched: dict[str, dict] = {}
    left: set[str] = set()
    for album in albums:
        before = known.get(album["id"])
        same = before and before["name"] == album["albumName"]
        if same and since and parse_time(album["updatedAt"]) < since:
            members[album["id"]] = before
            continue
        now = {a["id"]: a for a in immich.assets(albumIds=[album["id"]], withDeleted=True)}
        fetched.update(now)
        members[album["id"]] = {"name": album["albumName"], "assets": sorted(now)}
        left.update(set((before or {}).get("assets", [])) - now.keys())
    for gone in known.keys() - members.keys():
        left.update(known[gone].get("assets", []))
    for asset_id in sorted(left - fetched.keys()):
        fetched.update((a["id"], a) for a in immich.assets(id=asset_id, withDeleted=True))
    return members, fetched


def _withdraw_gone(library: Library, immich: Immich, listed: set[str] | None) -> int:
    """Withdraw the items whose assets left without a trace. `listed`: every asset id,
    when this run read them all; otherwise the server's count says whether any left."""
    if listed is None:
        if library.offered_count(to.SOURCE) == immich.statistics("timeline"):
            return 0
        listed = {a["id"] for a in immich.assets(visibility="timeline")}
    gone = library.uris_of_source(to.SOURCE) - {to.uri(a) for a in listed}
    return library.withdraw(gone, GONE) if gone else 0


class ImmichPictures:
    """Immich's smart search, speaking in the library's item ids
    (understand/pictures.py's PictureSearch)."""

    def __init__(self, library: Library, immich: Immich) -> None:
        self.library, self.immich = library, immich

    def count(self, first: date, last: date) -> int:
        return self.library.count_from(to.SOURCE, first, last)

    def nearest(self, query: str, first: date, last: date, size: int) -> list[str]:
        start = datetime.combine(first, time.min).astimezone()
        end = datetime.combine(last, time.max).astimezone()
        found = [to.uri(a) for a in self.immich.smart_search(query, start, end, size)]
        ids = self.library.ids_by_uri(found)
        return [ids[u] for u in found if u in ids]
