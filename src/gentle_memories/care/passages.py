"""How a text is cut before it is read: hashtags as words, long text in passages.

Training reads its examples through the same functions, so the model learns the text it
will be shown.
"""

from __future__ import annotations

import re

PASSAGE_WORDS = 50
"""Longer text (a journal entry, a long post) is read in passages of whole sentences of at
most this many words, and counts as painful as its most painful passage: read whole, a
loss told in one line of a long happy day is averaged away. 50 is above the longest post
the thresholds were set on, so those read whole."""

_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def clean(text: str) -> str:
    """Hashtags read as words ("#chemoday" -> "chemoday"), whitespace as single spaces."""
    return _SPACES.sub(" ", text.replace("#", " ")).strip()


def sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def passages(text: str) -> list[str]:
    """Whole sentences packed into passages of at most PASSAGE_WORDS words (a longer
    sentence is cut by words); text of that length or less is one passage."""
    if text.count(" ") < PASSAGE_WORDS:
        return [text]
    out: list[list[str]] = [[]]
    for sentence in sentences(text):
        words = sentence.split(" ")
        for start in range(0, len(words), PASSAGE_WORDS):
            piece = words[start : start + PASSAGE_WORDS]
            if len(out[-1]) + len(piece) > PASSAGE_WORDS:
                out.append([])
            out[-1].extend(piece)
    return [" ".join(p) for p in out if p]
