"""The rules' one-pass shortcut gives what reading them one by one gives."""

from __future__ import annotations

import pytest

from gentle_memories.understand import care_rules

TEXTS = [
    "My grandad passed away last night",
    "he has not passed away, he is fine",
    "Nobody was hurt, just a dent in the bumper",
    "she killed it on stage",
    "celebrating 10 years cancer-free",
    "happy heavenly birthday mum, two years without you",
    "I will miss this office",
    "Beach day with the kids",
    "we split up and I lost my job the same week",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("score", [0.0, 0.1, 0.148, 0.2, 0.5, 0.95])
def test_adjusted_is_adjust_of_read(text, score):
    finding = care_rules.read(text)
    expected = care_rules.adjust(score, finding, 0.296)
    assert care_rules.adjusted(text, score, 0.296) == (expected, finding.themes)


def test_one_search_finds_whatever_a_theme_finds():
    for text in TEXTS:
        anywhere = any(p.search(text) for p in care_rules.SURE.values())
        assert (care_rules.ANY_SURE.search(text) is not None) == anywhere
