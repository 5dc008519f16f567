"""The care model's boundary: what curation, the commands and the library may rely on.

A care model has a version (verdicts are cached under it), three thresholds and one
call, `classify`. `current()` is the model every surface uses; swapping the model is a
change there alone.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Thresholds:
    painful: float
    """At or above: painful. Curation offers such a memory veiled (asks first) at least."""
    strong: float
    """At or above: strong evidence. It holds a memory back without asking, and only such
    evidence makes the date's anniversaries hard days."""
    label: float
    """A keyword, album name or calendar title counts as painful only at or above this:
    it must name a loss outright."""


@dataclass(frozen=True)
class TextVerdict:
    painful: bool
    score: float
    themes: tuple[str, ...]
    reason: str


NOT_PAINFUL = TextVerdict(painful=False, score=0.0, themes=(), reason="")


class CareModel(Protocol):
    version: str
    thresholds: Thresholds

    def classify(self, texts: Sequence[str], kind: str = "caption") -> list[TextVerdict]:
        """Verdicts in order; `kind` says what the texts are (taxonomy.KINDS)."""
        ...


def classify_kinds(model: CareModel, texts: Sequence[str], kinds: Sequence[str]) -> list:
    """Verdicts in order for texts of mixed kinds, each read as its own kind."""
    verdicts: list = [None] * len(texts)
    for kind in dict.fromkeys(kinds):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        for i, verdict in zip(rows, model.classify([texts[i] for i in rows], kind), strict=True):
            verdicts[i] = verdict
    return verdicts


_lock = threading.Lock()
_current: CareModel | None = None


def current() -> CareModel:
    """The shipped model. Cheap to ask for: the encoder loads on the first classify that has
    text, so reading the version or the thresholds imports neither numpy nor the encoder."""
    global _current
    with _lock:
        if _current is None:
            from gentle_memories.care.fine_tuned import FineTunedModel

            _current = FineTunedModel.shipped()
    return _current
