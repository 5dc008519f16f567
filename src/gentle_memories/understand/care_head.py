"""The learned part of the care model: a softmax regression over sentence features.

One class list, benign plus every theme, so that one read gives both how painful a text
is (1 - P(benign)) and of what. Weights are plain JSON in care_data/, written by
care_train, so the head needs numpy at run time and nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

DATA = resources.files("gentle_memories.understand") / "care_data"
META_FILE = "head.json"
WEIGHTS_FILE = "head_weights.json"


@dataclass(frozen=True)
class Head:
    """A standardise-then-softmax classifier over the concatenated layers."""

    layers: tuple[int, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray

    def features(self, pooled: dict[int, np.ndarray]) -> np.ndarray:
        import numpy as np

        joined = np.concatenate([pooled[layer] for layer in self.layers], axis=1)
        return (joined - self.mean) / self.scale

    def probabilities(self, pooled: dict[int, np.ndarray]) -> np.ndarray:
        return softmax(self.features(pooled) @ self.weights + self.bias)

    def to_json(self) -> dict[str, object]:
        return {
            "layers": list(self.layers),
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
            "weights": _rounded(self.weights),
            "bias": _rounded(self.bias),
        }

    @classmethod
    def from_json(cls, raw: dict[str, object]) -> Head:
        import numpy as np

        return cls(
            layers=tuple(raw["layers"]),
            mean=np.asarray(raw["mean"], dtype=np.float32),
            scale=np.asarray(raw["scale"], dtype=np.float32),
            weights=np.asarray(raw["weights"], dtype=np.float32),
            bias=np.asarray(raw["bias"], dtype=np.float32),
        )


def _rounded(array: np.ndarray) -> list:
    """Five significant digits: a small, diffable file; no figure moves in the third decimal."""
    import numpy as np

    return np.vectorize(lambda x: float(f"{x:.5g}"))(array).tolist()


def softmax(logits: np.ndarray) -> np.ndarray:
    import numpy as np

    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit(
    features: np.ndarray, labels: np.ndarray, classes: int, l2: float = 0.01, steps: int = 300
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch Adam on the cross-entropy: deterministic, so retraining reproduces the file."""
    import numpy as np

    n, d = features.shape
    weights = np.zeros((d, classes))
    bias = np.zeros(classes)
    onehot = np.eye(classes)[labels]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in (weights, bias)]
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        grad = (softmax(features @ weights + bias) - onehot) / n
        grads = (features.T @ grad + l2 * weights, grad.sum(axis=0))
        for param, g, (m, v) in zip((weights, bias), grads, moments, strict=True):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            param -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return weights, bias


def train_head(
    pooled: dict[int, np.ndarray], layers: tuple[int, ...], labels, classes: int
) -> Head:
    import numpy as np

    joined = np.concatenate([pooled[layer] for layer in layers], axis=1)
    mean = joined.mean(axis=0)
    scale = joined.std(axis=0) + 1e-6
    weights, bias = fit((joined - mean) / scale, np.asarray(labels), classes)
    return Head(layers, mean, scale, weights, bias)


@dataclass(frozen=True)
class CareModel:
    classes: tuple[str, ...]
    head: Head
    painful: float
    strong: float


def load_meta() -> dict[str, object]:
    return json.loads((DATA / META_FILE).read_text(encoding="utf-8"))


def load_model() -> CareModel:
    meta = load_meta()
    raw = json.loads((DATA / WEIGHTS_FILE).read_text(encoding="utf-8"))
    return CareModel(
        classes=tuple(meta["classes"]),
        head=Head.from_json(raw),
        painful=float(meta["painful"]),
        strong=float(meta["strong"]),
    )
