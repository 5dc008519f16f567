"""What the care model can name, and the plain words a person reads for it.

The one place where themes, their phrases and the reason sentence are defined: curation,
the CLI, the web app and the model itself all take them from here.
"""

from __future__ import annotations

from collections.abc import Sequence

THEME_PHRASES: dict[str, str] = {
    "bereavement": "the death of someone close",
    "pregnancy_loss": "a pregnancy loss",
    "illness": "an illness or a hospital stay",
    "funeral_memorial": "a funeral or a memorial",
    "breakup_divorce": "a breakup or a divorce",
    "pet_loss": "the loss of a pet",
    "accident_disaster": "an accident or a disaster",
    "abuse_trauma": "abuse or trauma",
    "job_loss": "the loss of a job",
    "remembrance": "remembering someone who died",
}
THEMES: tuple[str, ...] = tuple(THEME_PHRASES)

UNSURE = "something that may be hard to see"
"""Said instead of a theme when the model is not sure which loss it is: naming the wrong
one (a divorce for a pet's vet visit) hurts more than saying less."""

LABEL_KINDS = frozenset({"keyword", "album", "calendar"})
"""Short labels: a tag, an album or folder name, a calendar entry's title. On its own such
a word is weak evidence ("Vet", "Hospital", "Wedding"); it counts only when it names a loss
outright ("Funeral", "RIP Max")."""
KINDS = ("caption", "post", "journal", *sorted(LABEL_KINDS))

SOURCES: dict[str, tuple[str, bool]] = {
    "caption": ("the caption", False),
    "keyword": ("the keywords", True),
    "album": ("the album's name", False),
    "calendar": ("the calendar entry", False),
    "post": ("the post", False),
    "journal": ("the journal entry", False),
}
"""How a reason names where the words came from, and whether that is a plural noun."""


def theme_words(themes: Sequence[str]) -> str:
    """ "a funeral or a memorial and the death of someone close"; UNSURE for none."""
    spoken = [THEME_PHRASES[t] for t in themes if t in THEME_PHRASES]
    return " and ".join(spoken) if spoken else UNSURE


def reason(kind: str, themes: Sequence[str]) -> str:
    """ "the keywords speak of a pregnancy loss": never a quote of the words themselves.
    With no theme it says less: "the caption hints at something that may be hard to see"."""
    what, plural = SOURCES.get(kind, SOURCES["caption"])
    verb = "speak of" if any(t in THEME_PHRASES for t in themes) else "hint at"
    if not plural:
        verb = verb.replace("speak", "speaks").replace("hint", "hints")
    return f"{what} {verb} {theme_words(themes)}"
