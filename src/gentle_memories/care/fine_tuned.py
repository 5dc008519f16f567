"""The shipped care model: the fine-tuned multilingual encoder, a softmax head, and rules.

One read gives how painful a text is (1 - P(benign)) and of what (the theme classes).
Weights and thresholds come from `shipped/`, written by the training command
(`python -m gentle_memories.care.training`). `shipped()` reads both files (7 MB); the
version hash is worked out when first asked for, and numpy, the encoder and the rules load
on the first classify that has text.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib import resources
from itertools import chain
from typing import TYPE_CHECKING

from gentle_memories.care import passages, taxonomy
from gentle_memories.care.model import NOT_PAINFUL, TextVerdict, Thresholds

if TYPE_CHECKING:
    import numpy as np

SHIPPED = resources.files("gentle_memories.care") / "shipped"
META = "model.json"
WEIGHTS = "encoder.npz"
THEME_SHARE = 0.25
"""A theme is named when it holds at least this share of the painful probability."""
SURE_SHARE = 0.5
"""Below this share for the leading theme, no theme is named: the reason says less."""
MAX_THEMES = 2
READING = f"passages of {passages.PASSAGE_WORDS} words, themes by sentence, rules v3"
"""How a text is read is part of the model: changing it gives a new version too."""


def read_weights(weights: bytes) -> tuple[dict[str, object], np.ndarray, np.ndarray]:
    """The encoder's tuned layers, and the head's weight and bias, from `encoder.npz`."""
    import io

    import numpy as np

    from gentle_memories.care import encoder

    with np.load(io.BytesIO(weights)) as flat:
        arrays = {k: flat[k] for k in flat.files}
    head_w = arrays.pop("head.weight").astype(np.float32)
    head_b = arrays.pop("head.bias").astype(np.float32)
    return encoder.unpack(arrays), head_w, head_b


class FineTunedModel:
    def __init__(self, meta: dict, weights: bytes) -> None:
        self.classes: tuple[str, ...] = tuple(meta["classes"])
        self.thresholds = Thresholds(
            painful=float(meta["painful"]), strong=float(meta["strong"]), label=float(meta["label"])
        )
        self._meta_json = json.dumps(meta, sort_keys=True).encode()
        self._weights = weights
        self._lock = threading.Lock()
        self._loaded: tuple | None = None

    @cached_property
    def version(self) -> str:
        """A hash of the weights, the thresholds and how a text is read; worked out when first
        asked for (the cache of verdicts), not by a `memories today` that only wants thresholds."""
        digest = hashlib.blake2b(digest_size=6)
        for part in (self._meta_json, self._weights, READING.encode()):
            digest.update(part)
        return "usem3-care-" + digest.hexdigest()

    @classmethod
    def shipped(cls) -> FineTunedModel:
        meta = json.loads((SHIPPED / META).read_text(encoding="utf-8"))
        return cls(meta, (SHIPPED / WEIGHTS).read_bytes())

    def _network(self):
        with self._lock:
            if self._loaded is None:
                from gentle_memories.care import encoder

                layers, head_w, head_b = read_weights(self._weights)
                self._loaded = (encoder.Encoder(layers), head_w, head_b)
        return self._loaded

    @contextmanager
    def sharing_cores(self, threads: int = 1) -> Iterator[None]:
        """Classify with at most `threads` BLAS threads meanwhile: an import reads files on
        the other cores. Loads the encoder (a second or so) if it is not loaded yet."""
        net = self._network()[0]
        before, net.threads = net.threads, min(threads, net.threads)
        try:
            yield
        finally:
            net.threads = before

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, classes) probabilities for already cleaned texts, read as they are."""
        import numpy as np

        net, head_w, head_b = self._network()
        logits = net.encode(texts) @ head_w.T + head_b
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def classify(self, texts: Sequence[str], kind: str = "caption") -> list[TextVerdict]:
        """Verdicts for a batch, in order; batches are much faster per text than single calls.

        Blank text is not painful and costs nothing; a text that comes twice is read once.
        A long text counts as its most painful passage, and its themes come from that
        passage's most painful sentence, which the happy sentences around it would
        otherwise pull off course.
        """
        cleaned = [passages.clean(t or "") for t in texts]
        distinct = list(dict.fromkeys(t for t in cleaned if t))
        if not distinct:
            return [NOT_PAINFUL] * len(cleaned)
        parts = {text: passages.passages(text) for text in distinct}
        sentences = {p: passages.sentences(p) for ps in parts.values() if len(ps) > 1 for p in ps}
        flat = list(dict.fromkeys(chain(*parts.values(), *sentences.values())))
        row_of = {p: row for row, p in enumerate(flat)}
        probabilities = self.probabilities(flat)
        scores = (1.0 - probabilities[:, self.classes.index("benign")]).tolist()
        read = {}
        for text, ps in parts.items():
            row = max((row_of[p] for p in ps), key=scores.__getitem__)
            said = max(
                (row_of[s] for s in sentences.get(flat[row], [])),
                default=row,
                key=scores.__getitem__,
            )
            read[text] = self._verdict(text, scores[row], probabilities[said], kind)
        return [read[t] if t else NOT_PAINFUL for t in cleaned]

    def _verdict(self, text: str, score: float, probabilities, kind: str) -> TextVerdict:
        # its patterns compile on import, which `memories today` should not wait for
        from gentle_memories.care import rules

        limits = self.thresholds
        at = limits.label if kind in taxonomy.LABEL_KINDS else limits.painful
        score, sure = rules.adjusted(text, float(score), at)
        score = round(score, 4)
        if score < at and not sure:
            return TextVerdict(painful=False, score=score, themes=(), reason="")
        ranked = sorted(
            (
                (float(p), c)
                for p, c in zip(probabilities, self.classes, strict=True)
                if c in taxonomy.THEME_PHRASES
            ),
            reverse=True,
        )
        total = sum(p for p, _ in ranked) or 1.0
        learned = [c for p, c in ranked[:MAX_THEMES] if p / total >= THEME_SHARE]
        if ranked[0][0] / total < SURE_SHARE:
            learned = []
        themes = tuple(dict.fromkeys([*sure, *learned]))[:MAX_THEMES]
        return TextVerdict(
            painful=True, score=score, themes=themes, reason=taxonomy.reason(kind, themes)
        )
