"""The encoder in PyTorch, for fine-tuning: the same computation as the wheel's numpy pass.

The embedding table stays frozen (uint8, 65 MB, shared by every language); every layer
above it learns. `layers()` gives them back under the numpy backend's names, which is all
that ships.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from gentle_memories.care import encoder

ORDERS = ((2, 0), (3, 1), (5, 2))
"""(n-gram width, tokens to the left) of the three CNN branches, as in the wheel."""
CNN = 256
EMBEDDING = 512
CHUNKS = 17


def _layernorm(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float):
    centred = x - x.mean(dim=-1, keepdim=True)
    var = (centred * centred).mean(dim=-1, keepdim=True)
    return centred * torch.rsqrt(var + eps) * gamma + beta


class CareNetwork(nn.Module):
    """Encoder plus the classifier head over benign and the themes."""

    def __init__(self, classes: int, start: dict[str, object] | None = None) -> None:
        super().__init__()
        with np.load(encoder.base_files()[1], allow_pickle=False) as z:
            table = np.empty((CHUNKS * z["q1"].shape[0], EMBEDDING), dtype=np.uint8)
            for i in range(CHUNKS):
                table[i::CHUNKS] = z[f"q{i + 1}"]
            base = {k: z[k] for k in z.files if not k.startswith("q")}
        self.register_buffer("table", torch.from_numpy(table), persistent=False)
        self.register_buffer("scale", torch.from_numpy(base["scale"]), persistent=False)
        self.register_buffer("lo", torch.from_numpy(base["lo"]), persistent=False)
        self.eps = float(base["eps"])
        widths = [n for n, _ in ORDERS]
        layers = start or {
            "proj_W": np.concatenate([base[f"proj{n}"] for n in widths], axis=1),
            "proj_b": np.concatenate([base[f"proj_b{n}"] for n in widths]),
            "ln_g_all": np.concatenate([base[f"ln_g{n}"] for n in widths]),
            "ln_b_all": np.concatenate([base[f"ln_b{n}"] for n in widths]),
            **{k: [base[f"{k}_{n}"] for n in widths] for k in ("w1", "b1", "w2", "b2")},
            **{k: base[k] for k in ("ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3")},
            "p1": base["p1"],
            "p3": base["p3"],
        }
        self.tuned = nn.ParameterDict()
        for name in encoder.TUNED_LAYERS:
            value = layers[name]
            if isinstance(value, list):
                for b, part in enumerate(value):
                    self.tuned[f"{name}_{b}"] = nn.Parameter(torch.tensor(np.asarray(part)))
            else:
                self.tuned[name] = nn.Parameter(torch.tensor(np.asarray(value)))
        self.head = nn.Linear(EMBEDDING, classes)

    def layers(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in encoder.TUNED_LAYERS:
            if name in self.tuned:
                out[name] = self.tuned[name].detach().numpy().copy()
            else:
                out[name] = [
                    self.tuned[f"{name}_{b}"].detach().numpy().copy()
                    for b in range(encoder.BRANCHES)
                ]
        return out

    def embed(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """ids, mask: (batch, length), padded with 0 / False. Returns unit vectors (batch, 512)."""
        t = self.tuned
        chunk = ids % CHUNKS
        emb = self.table[ids].float() * self.scale[chunk, None] + self.lo[chunk, None]
        m = mask.unsqueeze(-1).float()
        x = _layernorm(emb @ t["proj_W"] + t["proj_b"], t["ln_g_all"], t["ln_b_all"], self.eps)
        branches = []
        for i, (n, left) in enumerate(ORDERS):
            xs = x[..., i * CNN : (i + 1) * CNN] * m
            h = torch.relu(_window(xs, n, left) @ t[f"w1_{i}"] + t[f"b1_{i}"]) + xs
            h = h * m
            c2 = torch.relu(_window(h, n, left) @ t[f"w2_{i}"] + t[f"b2_{i}"]) + h
            branches.append(c2)
        feats = _layernorm(torch.cat([emb, *branches], dim=-1), t["ln_g"], t["ln_b"], self.eps)
        lengths = mask.sum(dim=1, keepdim=True).float()
        total = (feats * m).sum(dim=1)
        mean = (total @ t["cnn_W"] + lengths * t["cnn_b"]) * torch.rsqrt(lengths)
        y0 = torch.relu(mean @ t["d0"])
        y1 = torch.relu(mean @ t["p1"] + y0 @ t["d1"])
        y2 = torch.relu(y1 @ t["d2"])
        z = torch.tanh(y1 @ t["p3"] + y2 @ t["d3"])
        return z * torch.rsqrt(torch.clamp((z * z).sum(dim=-1, keepdim=True), min=self.eps))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.embed(ids, mask))


def _window(x: torch.Tensor, n: int, left: int) -> torch.Tensor:
    """Each token's n-gram window [t-left, t-left+n), zero outside the (zero-padded) text,
    laid side by side: (batch, length, n * channels)."""
    padded = nn.functional.pad(x, (0, 0, left, n - 1 - left))
    length = x.shape[1]
    return torch.cat([padded[:, j : j + length] for j in range(n)], dim=-1)


def batch(token_lists: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    longest = max(map(len, token_lists))
    ids = torch.zeros((len(token_lists), longest), dtype=torch.long)
    mask = torch.zeros((len(token_lists), longest), dtype=torch.bool)
    for row, tokens in enumerate(token_lists):
        ids[row, : len(tokens)] = torch.tensor(tokens)
        mask[row, : len(tokens)] = True
    return ids, mask
