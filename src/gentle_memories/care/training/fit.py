"""Fine-tuning: every layer of the encoder above its embedding table, and the head.

Cross-entropy over benign and the ten themes, AdamW, a fixed number of epochs. Threads,
seed and batch order are fixed, so the same examples give the same weights on the same
machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from gentle_memories.care import encoder, passages
from gentle_memories.care.taxonomy import THEMES
from gentle_memories.care.training.network import CareNetwork, batch

CLASSES: tuple[str, ...] = ("benign", *THEMES)


@dataclass(frozen=True)
class Settings:
    epochs: int = 4
    batch: int = 32
    encoder_rate: float = 1e-4
    head_rate: float = 3e-3
    weight_decay: float = 0.01
    label_smoothing: float = 0.05
    seed: int = 13
    threads: int = 2


def target(label: str, theme: str) -> int:
    return CLASSES.index(theme) if label == "painful" and theme in THEMES else 0


class Tokens:
    """Texts as piece ids, the way the runtime encoder reads them."""

    def __init__(self) -> None:
        self._sp = encoder.tokenizer()

    def __call__(self, texts: Sequence[str]) -> list[list[int]]:
        return [
            self._sp.encode(passages.clean(t), out_type=int, add_bos=True, add_eos=True)
            for t in texts
        ]


def train(
    texts: Sequence[str], targets: Sequence[int], settings: Settings = Settings(), log=print
) -> CareNetwork:
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    torch.use_deterministic_algorithms(True)
    tokens = Tokens()(texts)
    net = CareNetwork(len(CLASSES))
    optimiser = torch.optim.AdamW(
        [
            {"params": list(net.tuned.parameters()), "lr": settings.encoder_rate},
            {"params": list(net.head.parameters()), "lr": settings.head_rate},
        ],
        weight_decay=settings.weight_decay,
    )
    steps = settings.epochs * math.ceil(len(tokens) / settings.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: 0.5 * (1 + math.cos(math.pi * min(step, steps) / steps))
    )
    loss_of = torch.nn.CrossEntropyLoss(label_smoothing=settings.label_smoothing)
    shuffle = random.Random(settings.seed)
    y = torch.tensor(list(targets))
    for epoch in range(settings.epochs):
        net.train()
        total = 0.0
        for rows in _batches(tokens, settings.batch, shuffle):
            ids, mask = batch([tokens[i] for i in rows])
            loss = loss_of(net(ids, mask), y[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(rows)
        log(f"epoch {epoch + 1}/{settings.epochs}: loss {total / len(tokens):.4f}")
    net.eval()
    return net


def _batches(tokens: list[list[int]], size: int, shuffle: random.Random) -> list[list[int]]:
    """Shuffled batches of texts of about the same length: a journal entry padded beside
    forty captions would cost forty times its own work."""
    order = list(range(len(tokens)))
    shuffle.shuffle(order)
    pool = size * 32
    batches = []
    for start in range(0, len(order), pool):
        group = sorted(order[start : start + pool], key=lambda i: len(tokens[i]))
        batches += [group[i : i + size] for i in range(0, len(group), size)]
    shuffle.shuffle(batches)
    return batches
