"""Evidence about items: the care model's verdicts, signals and what the pictures show."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache

from sqlalchemy import Connection, Select, bindparam, delete, func, insert, select, update

from gentle_memories.items import words_of
from gentle_memories.library import schema as s
from gentle_memories.library.codecs import on_days
from gentle_memories.library.database import Stored, chunks, lookup, upsert
from gentle_memories.library.days import DaysAsked, Shape, not_hidden, where
from gentle_memories.library.records import SceneMatch, Signal


@cache
def _signals_on(shape: Shape) -> Select:
    c = s.items.c
    return (
        select(c.local_date, s.signals)
        .join(s.signals, s.signals.c.item_id == c.id)
        .where(*where(shape), c.has_signals.is_(True), *not_hidden(shape.hidden))
    )


@cache
def _painful_in_events() -> Select:
    c = s.items.c
    return (
        select(c.event_id, s.signals)
        .join(s.items, c.id == s.signals.c.item_id)
        .where(
            c.event_id.in_(bindparam("events", expanding=True)),
            c.has_signals.is_(True),
            s.signals.c.score >= bindparam("score"),
        )
    )


class EvidenceStore(Stored):
    def signals_on(self, days: DaysAsked) -> list[tuple[date, Signal]]:
        """Every signal of the items `today` may offer, with the item's date."""
        with self.engine.connect() as conn:
            rows = conn.execute(_signals_on(days.shape), days.values())
            return [(r[0], Signal(r.item_id, r.kind, r.theme, r.score, r.reason)) for r in rows]

    def painful_in_events(
        self, event_ids: Iterable[int], min_score: float
    ) -> list[tuple[int, Signal]]:
        """(event id, signal) for every signal at or above min_score in these events."""
        found: list[tuple[int, Signal]] = []
        with self.engine.connect() as conn:
            for chunk in chunks(sorted(set(event_ids))):
                values = {"events": chunk, "score": min_score}
                for row in conn.execute(_painful_in_events(), values):
                    m = row._mapping
                    signal = Signal(m["item_id"], m["kind"], m["theme"], m["score"], m["reason"])
                    found.append((m["event_id"], signal))
        return found

    def words(
        self, item_ids: Sequence[str] | None = None
    ) -> Iterator[tuple[str, dict[str, list[str]]]]:
        """(item id, {"caption": [...], "keyword": [...], "album": [...]}) of every item
        (or of these items) with words a person wrote, each kind apart (items.words_of)."""
        cols = s.items.c
        query = select(cols.id, cols.kind, cols.title, cols.caption, cols.keywords, cols.albums)
        asked = [None] if item_ids is None else chunks(sorted(set(item_ids)))
        with self.engine.connect() as conn:
            for chunk in asked:
                rows = conn.execute(query if chunk is None else query.where(cols.id.in_(chunk)))
                for row in rows:
                    parts = words_of(row.kind, row.title, row.caption, row.keywords, row.albums)
                    if any(parts.values()):
                        yield row.id, parts

    def unread_words(self) -> dict[str, int]:
        """{item id: token} of the items whose words are new or changed since the care
        model last read them (save_all marks them)."""
        c = s.words_unread.c
        with self.engine.connect() as conn:
            return dict(conn.execute(select(c.item_id, c.token)).all())

    def words_read(self, unread: dict[str, int]) -> None:
        """Clear the marks a text refresh has read; an item marked again since (another
        token) stays marked."""
        c = s.words_unread.c
        rows = [{"b_item": i, "b_token": token} for i, token in unread.items()]
        query = delete(s.words_unread).where(
            c.item_id == bindparam("b_item"), c.token == bindparam("b_token")
        )
        with self.transaction() as conn:
            for chunk in chunks(rows, 5000):
                conn.execute(query, list(chunk))

    def cached_verdicts(self, text_hashes: Sequence[str], model: str) -> dict[str, dict]:
        """{text hash: verdict} for the hashes already read by this model version.

        A re-import asks for every text at once: a few thousand hashes per query."""
        c = s.text_verdicts.c
        query = select(c.text_hash, c.painful, c.score, c.themes, c.reason).where(
            c.model == model, c.text_hash.in_(bindparam("hashes", expanding=True))
        )
        found: dict[str, dict] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(list(text_hashes), 5000):
                for h, painful, score, themes, reason in conn.execute(query, {"hashes": chunk}):
                    found[h] = {
                        "text_hash": h,
                        "model": model,
                        "painful": painful,
                        "score": score,
                        "themes": themes,
                        "reason": reason,
                    }
        return found

    def cache_verdicts(self, model: str, verdicts: dict[str, dict]) -> None:
        if not verdicts:
            return
        rows = [
            {
                "text_hash": h,
                "model": model,
                "painful": v["painful"],
                "score": v["score"],
                "themes": list(v["themes"]),
                "reason": v["reason"],
            }
            for h, v in verdicts.items()
        ]
        with self.transaction() as conn:
            upsert(conn, s.text_verdicts, rows)

    def replace_signals(self, kind: str, found: Sequence[Signal]) -> None:
        """Replace every signal of one kind, so a fresh look never keeps stale evidence."""
        with self.transaction() as conn:
            had = select(s.signals.c.item_id).where(s.signals.c.kind == kind).distinct()
            touched = {*conn.execute(had).scalars(), *(g.item_id for g in found)}
            conn.execute(delete(s.signals).where(s.signals.c.kind == kind))
            if found:
                conn.execute(insert(s.signals), [_signal_row(g) for g in found])
            _mark_has_signals(conn, touched)

    def replace_item_signals(
        self, kind: str, item_ids: Iterable[str], found: Sequence[Signal]
    ) -> None:
        """Replace the signals of one kind of these items alone (each found one must be
        of one of them): an item without any now keeps none."""
        c = s.signals.c
        ids = sorted(set(item_ids))
        wanted = set(ids)
        if any(g.item_id not in wanted or g.kind != kind for g in found):
            raise ValueError(f"a {kind} signal of an item not replaced")
        with self.transaction() as conn:
            for chunk in chunks(ids):
                conn.execute(delete(s.signals).where(c.kind == kind, c.item_id.in_(chunk)))
            if found:
                conn.execute(insert(s.signals), [_signal_row(g) for g in found])
            _mark_has_signals(conn, ids)

    def replace_scene_matches(
        self, first: date, last: date, found: Sequence[tuple[str, str]]
    ) -> None:
        """Replace what the image search found among the pictures taken from first to last."""
        c = s.scene_matches.c
        ids = sorted({item_id for item_id, _ in found})
        with self.transaction() as conn:
            days = dict(lookup(conn, s.items.c.id, s.items.c.local_date, ids))
            conn.execute(delete(s.scene_matches).where(c.local_date.between(first, last)))
            rows = [
                {"item_id": i, "scene": scene, "local_date": days[i]}
                for i, scene in dict.fromkeys(found)
                if days.get(i)
            ]
            if rows:
                conn.execute(insert(s.scene_matches), rows)

    def scene_matches(self) -> list[SceneMatch]:
        c, i = s.scene_matches.c, s.items.c
        query = select(c.item_id, c.scene, c.local_date, i.event_id, i.collapsed_into).join(
            s.items, i.id == c.item_id
        )
        with self.engine.connect() as conn:
            return [SceneMatch(r[0], r[1], r[2], r[3], r[4] is None) for r in conn.execute(query)]

    def painful_calendar_dates(self, days: Iterable[date], min_score: float) -> set[date]:
        """Which of these days have a household calendar entry whose words score at least
        min_score (a private calendar never decides for the household's photos)."""
        wanted = sorted(set(days))
        found: set[date] = set()
        with self.engine.connect() as conn:
            for chunk in chunks(wanted):
                query = (
                    select(s.items.c.local_date)
                    .join(s.signals, s.signals.c.item_id == s.items.c.id)
                    .where(
                        s.items.c.kind == "calendar",
                        s.items.c.owner_id.is_(None),
                        *on_days(chunk),
                        s.signals.c.score >= min_score,
                    )
                )
                found.update(conn.execute(query).scalars())
        return found

    def signals_for(self, item_ids: Iterable[str]) -> dict[str, list[Signal]]:
        ids = sorted(set(item_ids))
        found: dict[str, list[Signal]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                query = select(s.signals).where(s.signals.c.item_id.in_(ids[start : start + 500]))
                for row in conn.execute(query):
                    m = row._mapping
                    found.setdefault(m["item_id"], []).append(
                        Signal(m["item_id"], m["kind"], m["theme"], m["score"], m["reason"])
                    )
        return found

    def signals_with_person(self, name: str, min_score: float) -> list[Signal]:
        """Every signal at or above min_score on a household item this person is in."""
        p = s.item_people.c
        query = (
            select(s.signals)
            .join(s.item_people, s.signals.c.item_id == p.item_id)
            .join(s.items, s.items.c.id == p.item_id)
            .where(
                func.lower(p.name) == name.casefold(),
                s.signals.c.score >= min_score,
                s.items.c.owner_id.is_(None),
            )
        )
        with self.engine.connect() as conn:
            return [
                Signal(r.item_id, r.kind, r.theme, r.score, r.reason) for r in conn.execute(query)
            ]


def _mark_has_signals(conn: Connection, item_ids: Iterable[str]) -> None:
    """items.has_signals of these items as the signals now say: the indexes `today` reads
    hold it, so that it looks up the signals of only the items that have some."""
    i = s.items.c
    some = select(s.signals.c.id).where(s.signals.c.item_id == i.id).exists()
    for chunk in chunks(sorted(set(item_ids))):
        changed = update(s.items).where(i.id.in_(chunk), i.has_signals != some)
        conn.execute(changed.values(has_signals=some))


def _signal_row(g: Signal) -> dict:
    return {
        "item_id": g.item_id,
        "kind": g.kind,
        "theme": g.theme,
        "score": g.score,
        "reason": g.reason,
    }
