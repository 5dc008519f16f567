"""What a notification says, decided from one curated Day, and why it says nothing when it does.

Only memories that are plainly happy are named. Nothing is counted or hinted at beyond
them: "1 memory hidden" would itself be the reminder this project exists to prevent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gentle_memories.curate.memories import Day, Memory

# --- wording: calm, plain, no exclamation marks ---------------------------

TITLE = "On this day"
HARD_DAY = "a hard day: nothing is pushed on it"
NOTHING = "no memories from this day"
NOTHING_PLAIN = "nothing from this day is plainly happy, so nothing is pushed"
CAPTION_LENGTH = 90
KIND_NOUNS = {"photo": ("a photo", "photos"), "video": ("a video", "videos")}
SOME = ("a memory", "memories")


@dataclass(frozen=True)
class Message:
    """The day's notification: `send` false means withheld, and `reasons` say why."""

    send: bool
    reasons: list[str]
    title: str = ""
    body: str = ""
    named: list[str] = field(default_factory=list)


def compose(day: Day) -> Message:
    if day.hard_day:
        return Message(False, [HARD_DAY, *day.hard_day_reasons])
    happy = [m for m in day.memories if m.plainly_happy]
    if not happy:
        return Message(False, [NOTHING_PLAIN if day.memories else NOTHING])
    return Message(
        True,
        [f"named the memory {reason}" for m in happy for reason in m.reasons],
        TITLE,
        "\n".join(f"{m.title}: {_what(m)}" for m in happy),
        [m.id for m in happy],
    )


def _what(memory: Memory) -> str:
    """The memory's first words, or what it holds when nobody wrote any."""
    for member in memory.items:
        words = " ".join((member.item.caption or member.item.title).split())
        if words:
            return _shorten(words)
    kinds = {m.item.kind for m in memory.items}
    one, many = KIND_NOUNS.get(kinds.pop(), SOME) if len(kinds) == 1 else SOME
    count = max(memory.item_count, len(memory.items))
    return one if count == 1 else f"{count} {many}"


def _shorten(text: str) -> str:
    if len(text) <= CAPTION_LENGTH:
        return text
    return text[:CAPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:.") + "\u2026"
