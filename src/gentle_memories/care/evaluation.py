"""Measuring the care model on labelled text: the figures `memories eval` prints.

Kept apart from the command so that training (to calibrate thresholds) and the
benchmarks compute recall and false alarms exactly the way users will see them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("painful", "benign")


class BadLine(ValueError):
    """A line of a JSON Lines file that cannot be used; carries its 1-based number."""

    def __init__(self, number: int, problem: str) -> None:
        super().__init__(f"line {number}: {problem}")
        self.number = number


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str
    theme: str
    lang: str = "en"
    kind: str = "caption"


def dev_half(text: str) -> str:
    """A fixed split of a labelled file by text hash: "tune" (may be looked at) or "heldout".

    The thresholds are calibrated on the tune half only, so the held-out half gives
    figures that were never tuned on.
    """
    return "tune" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def parse_object(line: str, number: int) -> dict:
    """One JSON Lines object that has a string `text`, or BadLine saying what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(number, f"not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise BadLine(number, "not a JSON object")
    if not isinstance(obj.get("text"), str):
        raise BadLine(number, 'no "text" string')
    return obj


def read_labelled(lines: Iterable[str]) -> list[Labelled]:
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        obj = parse_object(line, number)
        label = obj.get("label")
        if label not in LABELS:
            raise BadLine(number, '"label" must be "painful" or "benign"')
        rows.append(
            Labelled(
                obj["text"],
                label,
                str(obj.get("theme") or "unspecified"),
                str(obj.get("lang") or "en"),
                str(obj.get("kind") or "caption"),
            )
        )
    return rows


def load_labelled(path: Path) -> list[Labelled]:
    with path.open(encoding="utf-8") as handle:
        return read_labelled(handle)


@dataclass
class Report:
    """Counts behind the figures; rates are None when nothing of that kind was seen."""

    painful: int = 0
    caught: int = 0
    benign: int = 0
    alarms: int = 0
    tricky: int = 0
    tricky_alarms: int = 0
    per_theme: dict[str, list[int]] = field(default_factory=dict)  # theme -> [n, flagged]
    confusion: Counter = field(default_factory=Counter)  # (true theme, predicted) -> n

    @property
    def recall(self) -> float | None:
        return self.caught / self.painful if self.painful else None

    @property
    def false_alarms(self) -> float | None:
        return self.alarms / self.benign if self.benign else None

    @property
    def tricky_false_alarms(self) -> float | None:
        return self.tricky_alarms / self.tricky if self.tricky else None


def evaluate(rows: Sequence[Labelled], verdicts: Sequence) -> Report:
    """Compare verdicts (anything with .painful and .themes) with the labels."""
    report = Report()
    per_theme: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, verdict in zip(rows, verdicts, strict=True):
        flagged = bool(verdict.painful)
        per_theme[row.theme][0] += 1
        per_theme[row.theme][1] += flagged
        predicted = verdict.themes[0] if flagged and verdict.themes else "benign"
        if flagged and not verdict.themes:
            predicted = "painful"
        truth = row.theme if row.label == "painful" else "benign"
        report.confusion[(truth, predicted)] += 1
        if row.label == "painful":
            report.painful += 1
            report.caught += flagged
        else:
            report.benign += 1
            report.alarms += flagged
            if row.theme.startswith("tricky"):
                report.tricky += 1
                report.tricky_alarms += flagged
    report.per_theme = dict(per_theme)
    return report


def threshold_for_recall(scores: Sequence[float], target: float) -> float:
    """The highest threshold that still flags at least `target` of these (painful) scores."""
    ordered = sorted(scores, reverse=True)
    keep = min(len(ordered), max(1, math.ceil(target * len(ordered) - 1e-9)))
    return ordered[keep - 1]


def by_language(rows: Sequence[Labelled], verdicts: Sequence) -> dict[str, Report]:
    """One report per language of the rows, in the order the languages first come."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        grouped[row.lang].append(index)
    return {
        lang: evaluate([rows[i] for i in found], [verdicts[i] for i in found])
        for lang, found in grouped.items()
    }
