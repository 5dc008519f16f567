"""Text evidence is read once per distinct text and model version; a re-run reads the cache."""

from __future__ import annotations

from datetime import datetime

from gentle_memories.care import model
from gentle_memories.library import Library
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
    assert text_signals.refresh_text_signals(library) == 0  # nothing changed
    # signals made by another model: every item is read again, here from the cache
    library.set_setting(text_signals.MODEL_SETTING, "an older model")
    assert text_signals.refresh_text_signals(library) == first
    assert _signals(library) == before


def _counting(monkeypatch) -> list[tuple[str, str]]:
    """The texts the shipped model is asked to read, as (kind, text), in order."""
    current = model.current()
    real = current.classify
    asked: list[tuple[str, str]] = []

    def counting(texts, kind="caption"):
        asked.extend((kind, t) for t in texts)
        return real(texts, kind)

    monkeypatch.setattr(current, "classify", counting)
    return asked


def _by_uri(library) -> list[tuple]:
    ids = [item_id for item_id, _ in library.words()]
    return sorted(
        (library.item(g.item_id).uri, g.theme, g.score, g.reason)
        for found in library.signals_for(ids).values()
        for g in found
    )


def test_many_small_imports_leave_the_signals_one_reading_from_nothing_gives(
    library, tmp_path, monkeypatch
):
    asked = _counting(monkeypatch)
    at = datetime(2019, 5, 1, 10)
    words = [
        ("My grandad passed away last night", []),
        ("Beach day with the kids", ["Hospital"]),
        ("", ["Grandpa's funeral"]),
        ("Our dog Bello died today", []),
        ("Coffee on the balcony", ["Summer 2019"]),
    ]
    final: dict[str, object] = {}
    for step, (caption, albums) in enumerate(words):
        item = make_item(at.replace(minute=step), caption, albums=albums, name=f"n{step}")
        library.save_all([item])
        final[item.uri] = item
        text_signals.refresh_text_signals(library)
    # words change, go and come: a painful caption made happy, a happy one made painful
    changes = [
        make_item(at.replace(minute=0), "Grandad's 80th birthday party", name="n0"),
        make_item(at.replace(minute=4), "The funeral was this morning", name="n4"),
        make_item(at.replace(minute=3), "", name="n3"),
    ]
    for item in changes:
        library.save_all([item])
        final[item.uri] = item
        text_signals.refresh_text_signals(library)
    assert text_signals.refresh_text_signals(library) == 0

    fresh = Library.open(tmp_path / "fresh")
    fresh.save_all(list(final.values()))
    text_signals.refresh_text_signals(fresh)
    assert _by_uri(library) == _by_uri(fresh)
    assert len(_by_uri(fresh)) >= 2
    fresh.close()
    assert asked, "the model read the texts"


def test_a_second_run_after_no_change_reads_nothing_and_a_change_reads_its_text(
    library, monkeypatch
):
    asked = _counting(monkeypatch)
    items = [
        make_item(datetime(2019, 5, 1, 10, i), f"Picnic number {i}", albums=["Park"], name=f"p{i}")
        for i in range(20)
    ]
    library.save_all(items)
    text_signals.refresh_text_signals(library)
    assert len(asked) == 21  # 20 captions and one album, each once
    asked.clear()
    library.save_all(items)  # the same again: nothing changed
    assert text_signals.refresh_text_signals(library) == 0
    text_signals.refresh_text_signals(library)
    assert asked == []
    changed = make_item(datetime(2019, 5, 1, 10, 3), "Mum passed away", name="p3")
    library.save_all([changed])
    assert text_signals.refresh_text_signals(library) >= 1
    assert asked == [("caption", "Mum passed away")]


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
