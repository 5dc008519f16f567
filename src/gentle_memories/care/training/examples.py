"""The project's own examples (data/*.jsonl) and the fixed split that keeps some unseen."""

from __future__ import annotations

import hashlib
from pathlib import Path

from gentle_memories.care import evaluation

DATA = Path(__file__).parent / "data"
CHECK_SHARE = 15
"""Percent of the project's own examples kept out of training: the label threshold is set
on them, and their figures show what training did not see."""


def part(text: str) -> str:
    """ "train" or "check", fixed by the text's hash so that adding examples moves none."""
    digest = hashlib.sha1(("own:" + text).encode("utf-8")).digest()
    return "check" if int.from_bytes(digest[:2], "big") % 100 < CHECK_SHARE else "train"


def load(folder: Path = DATA) -> list[evaluation.Labelled]:
    rows: list[evaluation.Labelled] = []
    for path in sorted(folder.glob("*.jsonl")):
        rows += evaluation.load_labelled(path)
    return list({r.text: r for r in rows}.values())


def split(rows: list[evaluation.Labelled]) -> tuple[list, list]:
    train = [r for r in rows if part(r.text) == "train"]
    check = [r for r in rows if part(r.text) == "check"]
    return train, check
