"""Text evidence is read once per distinct text and model version; a re-run reads the cache."""

from __future__ import annotations

from datetime import datetime

from gentle_memories.care import model
from gentle_memories.understand import text_signals
from tests.conftest import make_item, save_items


def _signals(library) -> list[tuple]:
    ids = [item_id for item_id, _ in library.words()]
    return sorted(
        (g.item_id, g.theme, g.score, g.reason)
        for found in library.signals_for(ids).values()
        for g in found
    )


def test_a_rerun_reads_every_verdict_from_the_cache(library, monkeypatch):
    items = [
        make_item(datetime(2019, 5, 1, 10, i), caption, albums=albums)
        for i, (caption, albums) in enumerate(
            [
                ("My grandad passed away last night", []),
                ("Beach day with the kids", ["Hospital"]),
                ("Beach day with the kids", []),  # the same words as another item
                ("", ["Summer 2019"]),
            ]
        )
    ]
    library.save_all(items)
    first = text_signals.refresh_text_signals(library)
    before = _signals(library)
    assert first == len(before) >= 1

    def no_reading(_texts, _kind="caption"):
        raise AssertionError("a cached text was read again")

    monkeypatch.setattr(model.current(), "classify", no_reading)
    assert text_signals.refresh_text_signals(library) == first
    assert _signals(library) == before


def test_cached_verdicts_many_at_once_and_by_model(library):
    verdicts = {
        text_signals.text_hash("caption", f"text {i}"): {
            "painful": i % 3 == 0,
            "score": i / 10_000,
            "themes": ["bereavement", "remembrance"] if i % 3 == 0 else [],
            "reason": "r" if i % 3 == 0 else "",
        }
        for i in range(7_000)  # more than one query's worth of hashes
    }
    library.cache_verdicts("model-a", verdicts)
    library.cache_verdicts("model-b", {h: verdicts[h] for h in list(verdicts)[:10]})
    asked = [*verdicts, "not-a-hash"]
    found = library.cached_verdicts(asked, "model-a")
    assert set(found) == set(verdicts)
    for h, v in verdicts.items():
        got = found[h]
        assert (got["painful"], got["score"], got["themes"], got["reason"]) == (
            v["painful"],
            v["score"],
            v["themes"],
            v["reason"],
        )
    # each verdict has its own list, even where the themes are the same
    first, second = (found[h] for h in list(verdicts)[:4:3])
    assert first["themes"] == second["themes"] and first["themes"] is not second["themes"]
    assert len(library.cached_verdicts(asked, "model-b")) == 10
    assert library.cached_verdicts([], "model-a") == {}


def test_a_label_counts_only_when_it_names_a_loss(library):
    """An album called "Hospital" or a keyword "Vet" is weak evidence and makes no signal;
    an album called "Funeral" names the loss and does."""
    items = [
        make_item(datetime(2019, 5, 1, 10, 0), albums=["Hospital"], name="a"),
        make_item(datetime(2019, 5, 2, 10, 0), albums=["Tierarzt Bello"], name="b"),
        make_item(datetime(2019, 5, 3, 10, 0), albums=["Grandpa's funeral"], name="c"),
    ]
    hospital, vet, funeral = save_items(library, *items)
    found = library.signals_for([hospital, vet, funeral])
    assert not found.get(hospital) and not found.get(vet)
    (signal, *_) = found[funeral]
    assert signal.reason.startswith("the album's name speaks of"), signal.reason
