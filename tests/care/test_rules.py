"""The rules' one-pass shortcut gives what reading them one by one gives."""

from __future__ import annotations

import pytest

from gentle_memories.care import rules as care_rules

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
    "Happy anniversary, my love",
    "Happy anniversary, my love. The first one without you",
    "",
]


def read(text: str) -> tuple[tuple[str, ...], bool]:
    """The rules read one by one, as they were before the one-pass shortcut."""
    themes = tuple(
        theme
        for theme, pattern in care_rules.SURE.items()
        if any(not care_rules._negated(text, m.start()) for m in pattern.finditer(text))
    )
    return themes, not themes and care_rules.harmless(text)


def adjust(score: float, finding: tuple[tuple[str, ...], bool], painful_at: float) -> float:
    themes, harmless = finding
    if themes:
        return max(score, care_rules.FLOOR)
    if harmless:
        return min(score, painful_at * care_rules.CEILING_SHARE)
    return score


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("score", [0.0, 0.1, 0.148, 0.2, 0.5, 0.95])
def test_adjusted_is_adjust_of_read(text, score):
    finding = read(text)
    expected = adjust(score, finding, 0.296)
    assert care_rules.adjusted(text, score, 0.296) == (expected, finding[0])


def test_one_search_finds_whatever_a_theme_finds():
    for text in TEXTS:
        anywhere = any(p.search(text) for p in care_rules.SURE.values())
        assert (care_rules.ANY_SURE.search(text) is not None) == anywhere


@pytest.mark.parametrize(
    "text",
    [
        "Spent the night in hospital in Lisbon",
        "Zwei Nächte im Krankenhaus",
        "Trois jours à l'hôpital",
        "Dos noches en el hospital",
        "Internado no hospital desde ontem",
        "Ricoverato ieri sera",
    ],
)
def test_a_hospital_stay_is_at_least_asked_about_in_six_languages(text):
    score, themes = care_rules.adjusted(text, 0.05, 0.1)
    assert (score, themes) == (care_rules.FLOOR, ("illness",))


@pytest.mark.parametrize("text", ["Hospital", "The new hospital wing opened", "Krankenhaus"])
def test_a_lone_hospital_is_still_weak_evidence(text):
    assert care_rules.adjusted(text, 0.05, 0.1) == (0.05, ())
