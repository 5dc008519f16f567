"""A synthetic library of N items, written straight into the database, for benchmarks.

Items come in outings of about 40 photos over ten years, a few people, 1 in 100 with a
painful text signal, and a handful of rules; each photo has its file, as an import leaves
it. Rows are shaped as `Library.save` shapes them but written in bulk: saving one by one
is the importer's job, timed elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from gentle_memories.items import Item, hash_bytes
from gentle_memories.library import Library
from gentle_memories.library.records import Signal

PEOPLE = ("Maya", "Sam", "Jo", "Alex", "Ren")
TODAY = date(2026, 6, 1)
PER_OUTING = 40
CHUNK = 50_000


def open_built(
    home: Path, count: int, db: str | None = None, album_of: Callable[[int], str] | None = None
) -> Library:
    """The library at `home` (in the database `db`, when given), built first when it holds
    fewer than `count` items, and with every day ranked and every photo's file (a library
    built before either gets them here) and its people counted. `album_of`: the album of
    the nth photo, where photos are in albums."""
    from gentle_memories.understand.day_ranks import rank_days

    library = Library.open(home, db)
    if library.count_items() < count:
        build(library, count, album_of)
        library.count_people_seen()
    rank_days(library)
    _add_files(library)
    return library


def _add_files(library: Library) -> None:
    """A files row for each photo that has none, as an import leaves it: what the library
    knows of each file on disk, of which an import reads the part under its folders."""
    from sqlalchemy import insert, literal, select

    from gentle_memories.library import schema

    i, f = schema.items.c, schema.files.c
    query = select(i.uri, i.id, i.source, literal(2_500_000), literal(1)).where(
        i.kind == "photo", i.uri.not_in(select(f.uri))
    )
    with library.transaction() as conn:
        conn.execute(
            insert(schema.files).from_select(
                ["uri", "item_id", "source", "size", "mtime_ns"], query
            )
        )


def build(library: Library, count: int, album_of: Callable[[int], str] | None = None) -> None:
    from sqlalchemy import insert

    from gentle_memories.library import schema
    from gentle_memories.library.codecs import item_row as _item_row
    from gentle_memories.understand.events import assign_events

    rng = random.Random(7)
    start = datetime(TODAY.year - 10, TODAY.month, TODAY.day)
    days = (TODAY - start.date()).days
    outings = [
        start + timedelta(days=rng.randrange(days), hours=rng.uniform(8, 20))
        for _ in range(max(1, count // PER_OUTING))
    ]
    painful = []
    # a library upgraded to 0019 or later keeps its albums' times beside their names
    album_times = "dated_at" in schema.item_albums.c
    for first in range(0, count, CHUNK):
        items, people, albums = [], [], []
        for n in range(first, min(count, first + CHUNK)):
            item = Item(
                source="folder",
                uri=f"/bench/{n}.jpg",
                kind="photo",
                content_hash=hash_bytes(f"bench-{n}".encode()),
                taken_at=rng.choice(outings) + timedelta(minutes=rng.uniform(0, 150)),
                date_confidence="exact",
                date_source="EXIF DateTimeOriginal",
                caption=f"photo {n}" if rng.random() < 0.3 else "",
                people=[p for p in PEOPLE if rng.random() < 0.1],
                fingerprint=f"{rng.getrandbits(64):016x}",
                albums=[album_of(n)] if album_of else [],
            )
            row = _item_row(item)
            row.update(id=item.content_hash[:16], added_at="2026-01-01", updated_at="2026-01-01")
            items.append(row)
            people += [{"item_id": row["id"], "name": p} for p in item.people]
            albums += [
                {"item_id": row["id"], "name": name}
                | ({"dated_at": row["taken_at"]} if album_times else {})
                for name in item.albums
            ]
            if n % 100 == 0:
                painful.append(row["id"])
        with library.transaction() as conn:
            conn.execute(insert(schema.items), items)
            for table, rows in ((schema.item_people, people), (schema.item_albums, albums)):
                if rows:
                    conn.execute(insert(table), rows)
    assign_events(library, everything=True)
    if "day_places" in schema.metadata.tables:  # 0020 and later keep each day's places
        library.refresh_day_places(everything=True)
    library.replace_signals(
        "text",
        [Signal(i, "text", "bereavement", 0.99, "the caption speaks of a death") for i in painful],
    )
    from gentle_memories.care import model as care_model
    from gentle_memories.understand.text_signals import MODEL_SETTING

    library.set_setting(MODEL_SETTING, care_model.current().version)  # as if understood
    library.add_rule("ask", "person", "Sam")
    library.add_rule("hide", "theme", "breakup_divorce")
    library.add_rule("hide", "dates", date_from=date(2019, 3, 1), date_to=date(2019, 3, 20))


def sample_days(n: int, seed: int = 1) -> list[date]:
    rng = random.Random(seed)
    return [TODAY - timedelta(days=rng.randrange(365)) for _ in range(n)]
