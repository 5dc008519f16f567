"""What understanding keeps about time and place: events, trips, day ranks and time zones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import (
    ScalarSelect,
    Select,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from gentle_memories.items import StoredItem
from gentle_memories.library import schema as s
from gentle_memories.library.codecs import moment, on_days, stored_items
from gentle_memories.library.database import MAX_ID, Stored, chunks, upsert
from gentle_memories.library.records import AlbumSpan, Event, Trip


@cache
def _trips_starting() -> Select:
    c = s.trips.c
    return select(s.trips).where(
        c.month_day.in_(bindparam("month_days", expanding=True)), c.end < bindparam("before")
    )


class EventStore(Stored):
    def day_rank_input(self) -> Iterator[StoredItem]:
        """The items of every day that holds a new or changed item (one not ranked yet),
        each with its rank so far, day by day."""
        c = s.items.c
        unranked = (c.day_rank.is_(None), c.month_day.isnot(None), c.offered.is_(True))
        query = (
            select(s.items)
            .where(
                # both, so the days are found through ix_items_day (see codecs.on_days)
                c.month_day.in_(select(c.month_day).where(*unranked).distinct()),
                c.local_date.in_(select(c.local_date).where(*unranked).distinct()),
                c.offered.is_(True),
            )
            .order_by(c.local_date)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query)
            while batch := rows.fetchmany(2000):
                yield from stored_items(conn, batch)

    def settle_unrankable(self, rank: int) -> None:
        """Give items no day can offer (withdrawn, or without a date) this rank, so that
        a rank of None keeps meaning "new or changed since understanding last ran"."""
        c = s.items.c
        with self.transaction() as conn:
            conn.execute(
                update(s.items)
                .where(c.day_rank.is_(None), or_(c.offered.is_(False), c.local_date.is_(None)))
                .values(day_rank=rank)
            )

    def unsettled_count(self) -> int:
        query = select(func.count()).where(s.items.c.day_rank.is_(None))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def unsettled(self) -> list[tuple[datetime | None, str, int | None, list[str], int | None]]:
        """(taken_at, date confidence, event id, albums, owner id) of every item new or
        changed since understanding last ran: where the events around them may change."""
        c = s.items.c
        query = select(
            c.taken_at, c.utc_offset, c.date_confidence, c.event_id, c.albums, c.owner_id
        ).where(c.day_rank.is_(None))
        with self.engine.connect() as conn:
            return [(moment(at, o), *rest) for at, o, *rest in conn.execute(query)]

    def timeline_between(
        self, first: datetime, last: datetime
    ) -> Iterator[tuple[str, datetime, float | None, float | None, list, int | None, int | None]]:
        """(id, taken_at, lat, lon, albums, event_id, owner_id) of the dated items whose
        local clock time lies from first to last, in time order."""
        c = s.items.c
        query = (
            select(c.id, c.taken_at, c.utc_offset, c.lat, c.lon, c.albums, c.event_id, c.owner_id)
            .where(c.taken_at.between(first, last), c.date_confidence != "file_time")
            .order_by(c.taken_at)
        )
        with self.engine.connect() as conn:
            for item_id, at, offset, *rest in conn.execute(query):
                yield item_id, moment(at, offset), *rest

    def album_spans(self, owner: int | None, names: Iterable[str]) -> dict[str, AlbumSpan]:
        """How long each of these albums of one owner (None: the household's) lasts, over
        its dated items: all of them, and those understanding had already seen.

        Each time is the end of an album's index entries (item_albums), so an album that
        holds most of the library costs no more than one of a day."""
        a = s.item_albums.c
        mine = a.owner_id.is_(None) if owner is None else a.owner_id == owner
        album = bindparam("b_album")

        def edge(seen: bool, last: bool) -> ScalarSelect:
            """The first or last dated time of the album, of all its items or those seen."""
            query = select(a.dated_at).where(a.name == album, mine, a.dated_at.isnot(None))
            if seen:
                query = query.join(s.items, s.items.c.id == a.item_id).where(
                    s.items.c.day_rank.isnot(None)
                )
            return (
                query.order_by(a.dated_at.desc() if last else a.dated_at).limit(1).scalar_subquery()
            )

        ends = select(*(edge(seen, last) for seen in (False, True) for last in (False, True)))
        found: dict[str, AlbumSpan] = {}
        with self.engine.connect() as conn:
            for name in sorted(set(names)):
                first, *rest = conn.execute(ends, {"b_album": name}).one()
                if first is not None:
                    found[name] = AlbumSpan(first, *rest)
        return found

    def count_events(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.events)).scalar_one()

    def set_day_ranks(self, ranks: dict[str, tuple[int, str | None]]) -> None:
        """Each item's (day rank, the shot it collapses into)."""
        if not ranks:
            return
        with self.transaction() as conn:
            conn.execute(
                update(s.items)
                .where(s.items.c.id == bindparam("b_item"))
                .values(day_rank=bindparam("b_rank"), collapsed_into=bindparam("b_into")),
                [{"b_item": i, "b_rank": r, "b_into": into} for i, (r, into) in ranks.items()],
            )

    def zone_guesses(self, suffix: str, near: timedelta) -> list[tuple[str, datetime, str]]:
        """(id, taken_at, date_source) of the items whose date source ends with `suffix` (a
        zone still guessed) on a day within `near` of a day with a new or changed item."""
        c = s.items.c
        with self.engine.connect() as conn:
            fresh = select(c.local_date).where(
                c.day_rank.is_(None), c.local_date.isnot(None), c.offered.is_(True)
            )
            days = set(conn.execute(fresh.distinct()).scalars())
            reach = range(-near.days - 1, near.days + 2)
            near_days = sorted({d + timedelta(days=k) for d in days for k in reach})
            return [
                (row.id, moment(row.taken_at, row.utc_offset), row.date_source)
                for chunk in chunks(near_days)
                for row in conn.execute(
                    select(c.id, c.taken_at, c.utc_offset, c.date_source).where(
                        *on_days(chunk), c.date_source.endswith(suffix, autoescape=True)
                    )
                )
            ]

    def zone_witnesses(
        self, start: datetime, end: datetime
    ) -> Iterator[tuple[datetime, float | None, float | None, str, str]]:
        """(taken_at, lat, lon, date_source, kind) of the dated photos and videos whose
        local clock time lies between start and end."""
        c = s.items.c
        query = select(c.taken_at, c.utc_offset, c.lat, c.lon, c.date_source, c.kind).where(
            c.taken_at.between(start, end),
            c.kind.in_(("photo", "video")),
            c.date_confidence != "file_time",
        )
        with self.engine.connect() as conn:
            for at, offset, *rest in conn.execute(query):
                yield moment(at, offset), *rest

    def events(self) -> dict[int, Event]:
        with self.engine.connect() as conn:
            return {row.id: Event(**row._mapping) for row in conn.execute(select(s.events))}

    def update_events(
        self, dropped: Iterable[int], written: Sequence[Event], members: dict[str, int]
    ) -> None:
        """Drop events (their items belong to none until told), write new or changed event
        rows, and move items into their events: only what changed is touched."""
        with self.transaction() as conn:
            for chunk in chunks(sorted(dropped)):
                conn.execute(
                    update(s.items).where(s.items.c.event_id.in_(chunk)).values(event_id=None)
                )
                conn.execute(delete(s.events).where(s.events.c.id.in_(chunk)))
            if written:
                upsert(conn, s.events, [vars(e) for e in written])
            if members:
                conn.execute(
                    update(s.items)
                    .where(s.items.c.id == bindparam("b_item"))
                    .values(event_id=bindparam("b_event")),
                    [{"b_item": i, "b_event": e} for i, e in members.items()],
                )

    def replace_trips(self, trips: Sequence[Trip]) -> None:
        rows = [
            {
                "start": t.start,
                "end": t.end,
                "month_day": f"{t.start:%m-%d}",
                "place": t.place,
                "item_count": t.item_count,
            }
            for t in trips
        ]
        with self.transaction() as conn:
            conn.execute(delete(s.trips))
            if rows:
                conn.execute(insert(s.trips), rows)

    def trips_starting(self, month_days: Sequence[str], before: date) -> list[Trip]:
        """Trips that began on these month-days in earlier years and were over by `before`."""
        values = {"month_days": list(month_days), "before": before}
        with self.engine.connect() as conn:
            rows = conn.execute(_trips_starting(), values)
            return [Trip(r.start, r.end, r.place, r.item_count) for r in rows]

    def event(self, event_id: int) -> Event | None:
        if not 0 <= event_id <= MAX_ID:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(s.events).where(s.events.c.id == event_id)).first()
        return Event(**row._mapping) if row else None
