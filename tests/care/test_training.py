"""Training is one command, deterministic from its seed, and writes what the runtime reads."""

from __future__ import annotations

import json

import pytest

from gentle_memories.care import fine_tuned, taxonomy
from gentle_memories.care.training import __main__ as command
from gentle_memories.care.training import examples, fit
from tests.conftest import EVAL

pytest.importorskip("torch")


def test_the_project_examples_cover_every_language_theme_and_kind():
    rows = examples.load()
    assert len(rows) >= 4000
    langs = {r.lang for r in rows}
    assert {"en", "de", "es", "fr", "pt", "it"} <= langs
    for lang in ("en", "de", "es", "fr", "pt", "it"):
        mine = [r for r in rows if r.lang == lang]
        assert {r.theme for r in mine if r.label == "painful"} == set(taxonomy.THEMES), lang
        assert {r.kind for r in mine} >= {"caption", "keyword", "album"}, lang
    train, check = examples.split(rows)
    assert not {r.text for r in train} & {r.text for r in check}
    assert 0.10 < len(check) / len(rows) < 0.20


def test_no_example_is_copied_from_the_dev_sets():
    dev = set()
    for name in ("captions-dev.jsonl", "multilingual-dev.jsonl"):
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            dev.add(json.loads(line)["text"].strip().lower())
    assert not {r.text.strip().lower() for r in examples.load()} & dev


def _tiny_run(seed: int) -> bytes:
    rows = examples.load()[:: len(examples.load()) // 48][:48]
    settings = fit.Settings(epochs=1, batch=16, seed=seed)
    net = fit.train([r.text for r in rows], [fit.target(r.label, r.theme) for r in rows], settings)
    return command.weights_file(net)


def test_training_is_deterministic_from_its_seed_and_its_file_loads():
    first, again, other = _tiny_run(1), _tiny_run(1), _tiny_run(2)
    assert first == again
    assert first != other
    meta = {"classes": list(fit.CLASSES), "painful": 0.5, "strong": 0.9, "label": 0.9}
    model = fine_tuned.FineTunedModel(meta, first)
    (verdict,) = model.classify(["Heute ist Opa gestorben"])
    assert 0.0 <= verdict.score <= 1.0
    assert model.version != fine_tuned.FineTunedModel(meta, other).version
