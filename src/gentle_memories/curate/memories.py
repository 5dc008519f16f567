"""What curation hands every surface: the day, its memories, and one decision each with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from gentle_memories.items import StoredItem, display_path
from gentle_memories.library.records import Rule, Signal

Verdict = Literal["show", "ask", "hold"]
SEVERITY: dict[str, int] = {"show": 0, "ask": 1, "hold": 2}


@dataclass(frozen=True)
class Concern:
    """One reason to hold, veil or remember a memory, and where it came from."""

    verdict: Verdict | Literal["remember"]
    reason: str
    theme: str = ""
    rule: Rule | None = None
    automatic: bool = False


@dataclass
class MemoryItem:
    item: StoredItem
    signals: list[Signal] = field(default_factory=list)

    @property
    def themes(self) -> list[str]:
        return sorted({s.theme for s in self.signals if s.theme != "unspecified"})

    @property
    def sensitivity(self) -> float:
        return round(max((s.score for s in self.signals), default=0.0), 3)

    def to_json(self) -> dict:
        item = self.item
        return {
            "id": item.id,
            "taken_at": item.taken_at.isoformat() if item.taken_at else None,
            "local_date": item.local_date.isoformat() if item.local_date else None,
            "kind": item.kind,
            "path": display_path(item.uri),
            "caption": item.caption or item.title,
            "people": item.people,
            "themes": self.themes,
            "sensitivity": self.sensitivity,
        }


@dataclass
class Memory:
    id: str
    kind: str
    source_date: date
    last_date: date
    years_ago: int
    title: str
    decision: Verdict
    reasons: list[str]
    items: list[MemoryItem]
    item_count: int = 0
    concerns: list[Concern] = field(default_factory=list)
    set_aside: list[tuple[StoredItem, str]] = field(default_factory=list)

    @property
    def plainly_happy(self) -> bool:
        """Shown with nothing at all against it: the only kind a push may name (principle 5).

        Strict on purpose: a memory the person had to override (a show rule, a hidden
        item) or that carries any evidence, however weak, is for opening the app, not
        for interrupting someone.
        """
        return (
            self.decision == "show"
            and self.kind != "remembrance"
            and not self.concerns
            and not self.set_aside
            and all(not m.signals for m in self.items)
        )

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "decision": self.decision,
            "reasons": self.reasons,
            "items": [m.to_json() for m in self.items],
        }


@dataclass
class Day:
    date: date
    hard_day: bool
    hard_day_reasons: list[str]
    memories: list[Memory]

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "hard_day": self.hard_day,
            "memories": [m.to_json() for m in self.memories],
        }
