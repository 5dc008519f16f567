"""The care model: does a piece of text speak of something painful, and of what.

One function, classify(), is what curation, `memories classify` and `memories eval` all
call, so every surface sees the same verdict for the same words. Importing this module
reads two small files; the encoder (torch) loads on the first call that has real text.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from gentle_memories.understand import care_head, care_rules

THEMES: tuple[str, ...] = (
    "bereavement",
    "pregnancy_loss",
    "illness",
    "funeral_memorial",
    "breakup_divorce",
    "pet_loss",
    "accident_disaster",
    "abuse_trauma",
    "job_loss",
    "remembrance",
)


THEME_PHRASES: dict[str, str] = {
    "bereavement": "the death of someone close",
    "pregnancy_loss": "a pregnancy loss",
    "illness": "an illness or a hospital stay",
    "funeral_memorial": "a funeral or a memorial",
    "breakup_divorce": "a breakup or a divorce",
    "pet_loss": "the loss of a pet",
    "accident_disaster": "an accident or a disaster",
    "abuse_trauma": "abuse or trauma",
    "job_loss": "the loss of a job",
    "remembrance": "remembering someone who died",
}
THEME_SHARE = 0.25
"""A theme is named when it holds at least this share of the painful probability."""
MAX_THEMES = 2
PASSAGE_WORDS = 50
"""Longer text (a journal entry, a long post) is read in passages of whole sentences of at
most this many words, and counts as painful as its most painful passage: read whole, a
loss told in one line of a long happy day is averaged away, and past 128 tokens it is
cut off. 50 is above the longest post the thresholds were set on, so those read whole."""

_META = care_head.load_meta()
PAINFUL: float = float(_META["painful"])
"""At or above: the text is painful. Curation offers such items veiled (ask) at least."""
STRONG: float = float(_META["strong"])
"""At or above: the evidence is strong enough to hold the item back without asking."""
# How a text is read is part of the model: changing it gives a new version too.
MODEL_VERSION: str = (
    "minilm-care-"
    + hashlib.blake2b(
        (care_head.DATA / care_head.META_FILE).read_bytes()
        + (care_head.DATA / care_head.WEIGHTS_FILE).read_bytes()
        + f"passages of {PASSAGE_WORDS} words, themes by sentence".encode(),
        digest_size=6,
    ).hexdigest()
)


@dataclass(frozen=True)
class TextVerdict:
    painful: bool
    score: float
    themes: tuple[str, ...]
    reason: str


NOT_PAINFUL = TextVerdict(painful=False, score=0.0, themes=(), reason="")

_model_lock = threading.Lock()
_model: care_head.CareModel | None = None


def _care_model() -> care_head.CareModel:
    global _model
    with _model_lock:
        if _model is None:
            _model = care_head.load_model()
    return _model


_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def _clean(text: str) -> str:
    """Hashtags read as words ("#chemoday" -> "chemoday"), whitespace as single spaces."""
    return _SPACES.sub(" ", text.replace("#", " ")).strip()


def passages(text: str) -> list[str]:
    """Whole sentences packed into passages of at most PASSAGE_WORDS words (a longer
    sentence is cut by words); text of that length or less is one passage."""
    if text.count(" ") < PASSAGE_WORDS:
        return [text]
    out: list[list[str]] = [[]]
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split(" ")
        for start in range(0, len(words), PASSAGE_WORDS):
            piece = words[start : start + PASSAGE_WORDS]
            if len(out[-1]) + len(piece) > PASSAGE_WORDS:
                out.append([])
            out[-1].extend(piece)
    return [" ".join(p) for p in out if p]


def reason_for(themes: Sequence[str]) -> str:
    """Plain, calm words for a painful verdict; never a quote of the text itself."""
    if not themes:
        return "the caption reads as painful"
    return "the caption speaks of " + " and ".join(THEME_PHRASES.get(t, t) for t in themes)


def _verdict(text: str, score: float, probabilities, classes: Sequence[str]) -> TextVerdict:
    score, sure = care_rules.adjusted(text, float(score), PAINFUL)
    score = round(score, 4)
    if score < PAINFUL:
        return TextVerdict(painful=False, score=score, themes=(), reason="")
    ranked = sorted(
        ((float(p), c) for p, c in zip(probabilities, classes, strict=True) if c in THEME_PHRASES),
        reverse=True,
    )
    total = sum(p for p, _ in ranked) or 1.0
    learned = [c for p, c in ranked[:MAX_THEMES] if p / total >= THEME_SHARE] or [ranked[0][1]]
    themes = tuple(dict.fromkeys([*sure, *learned]))[:MAX_THEMES]
    return TextVerdict(painful=True, score=score, themes=themes, reason=reason_for(themes))


def classify(texts: Sequence[str]) -> list[TextVerdict]:
    """Verdicts for a batch, in order. Batches are much faster per text than single calls.

    Empty or blank text is not painful, with score 0, and costs nothing; a text that
    comes twice (once cleaned) is read once.
    """
    from gentle_memories.understand import care_encoder

    cleaned = [_clean(t or "") for t in texts]
    distinct = list(dict.fromkeys(t for t in cleaned if t))
    if not distinct:
        return [NOT_PAINFUL] * len(cleaned)
    model = _care_model()
    benign = model.classes.index("benign")
    parts = {text: passages(text) for text in distinct}
    # A long text's sentences are read too: its themes come from its most painful
    # sentence, which the happy sentences around it would otherwise pull off course.
    sentences = {p: _SENTENCE_END.split(p) for ps in parts.values() if len(ps) > 1 for p in ps}
    flat = list(dict.fromkeys(chain(*parts.values(), *sentences.values())))
    row_of = {p: row for row, p in enumerate(flat)}
    probabilities = model.head.probabilities(care_encoder.encode(flat, model.head.layers))
    scores = (1.0 - probabilities[:, benign]).tolist()
    read = {}
    for text, ps in parts.items():
        row = max((row_of[p] for p in ps), key=scores.__getitem__)
        said = max(
            (row_of[s] for s in sentences.get(flat[row], [])), default=row, key=scores.__getitem__
        )
        read[text] = _verdict(text, scores[row], probabilities[said], model.classes)
    return [read[t] if t else NOT_PAINFUL for t in cleaned]
