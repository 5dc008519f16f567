"""The care model as a person would notice it: losses caught by theme, look-alikes left alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gentle_memories.care import model, passages
from gentle_memories.care.model import TextVerdict
from gentle_memories.care.taxonomy import THEMES

CARE = model.current()
PAINFUL, STRONG, LABEL = (
    CARE.thresholds.painful,
    CARE.thresholds.strong,
    CARE.thresholds.label,
)
classify = CARE.classify

PAINFUL_CASES = [
    # the issue's own examples (also in the training examples)
    ("the son we almost had", "pregnancy_loss"),
    ("driving home from the hospital with no baby", "pregnancy_loss"),
    # written for this test, not in the training examples
    ("our little girl was born asleep, we held her for an hour", "pregnancy_loss"),
    ("My grandad passed away in his sleep last night", "bereavement"),
    ("happy heavenly birthday mum", "remembrance"),
    ("Saying goodbye to Biscuit at the vet this morning. Best cat ever.", "pet_loss"),
    ("The papers are signed. Twelve years of marriage, over.", "breakup_divorce"),
    ("They let half of us go this morning, including me", "job_loss"),
    ("Carrying Grandpa's coffin out of the church", "funeral_memorial"),
    ("Waiting outside intensive care while they work on Dad", "illness"),
    ("the fire took our whole house last night", "accident_disaster"),
]

BENIGN_CASES = [
    "she killed it on stage",
    "this cake is to die for",
    "I miss this beach",
    "celebrating 10 years cancer-free",
    "Twelve hour shift on the ward, so proud of my nursing team tonight",
    "Welcome to the world, baby Rosa! Born this morning on the maternity ward",
    "Halloween graveyard costume, tombstones and all",
    "RIP my diet",
    "We lost the cup final on penalties, gutted but proud",
    "Sobbing because they killed off my favourite character on the show",
    "Beach day with the kids",
    # happy events told with tears and love: the head alone flags each (0.37 to 0.92)
    "Happy anniversary to my rock. Twenty years of holding my hand through everything",
    "It's a girl! After the longest night of our lives she is finally in our arms",
    "Happy birthday to my mum, the strongest woman I know",
    "Just married. I couldn't get through my vows without sobbing",
]

# written for this test: not in the training examples, not from the dev sets
OTHER_LANGUAGES_PAINFUL = [
    ("Heute ist Opa gestorben", "de"),  # the issue's own examples
    ("Nous avons perdu notre bébé", "fr"),
    ("Mi abuela se nos fue anoche, todavía no me lo creo", "es"),
    ("O médico disse que o coração do bebé já não batia", "pt"),
    ("Ci siamo lasciati dopo nove anni. Casa vuota stasera", "it"),
    ("Die Diagnose ist da: Brustkrebs. Morgen beginnt die Chemo", "de"),
]
OTHER_LANGUAGES_BENIGN = [
    ("On est morts de rire toute la soirée avec les cousins", "fr"),
    ("Me muero de risa con este perro", "es"),
    ("Wir haben uns beim Spieleabend totgelacht", "de"),
    ("Ecografia delle dodici settimane: è una femminuccia", "it"),
    ("Nasceu a nossa Maria na maternidade, choramos de alegria", "pt"),
    ("Bello beim Tierarzt, Impfung überstanden", "de"),
]
LABELS_BENIGN = ["Vet", "Hospital", "Wedding", "Tierarzt", "Krankenhaus", "Maternité", "Max"]
LABELS_PAINFUL = ["Funeral", "RIP Max", "Fehlgeburt", "Beerdigung Oma"]

GRIEF_IN_CELEBRATION = [
    "Happy birthday Dad, I miss you every single day",
    "Merry Christmas from all of us, the first one with an empty chair",
    "Happy anniversary my love, the first one without you",
    "Happy 30th anniversary in heaven, my darling",
]


NO_THEME_IN_THE_WORDS = [
    # the issue's own sentence: painful, but nothing in it says which loss
    "a year ago you gave me the greatest pain",
]


@pytest.fixture(scope="module")
def verdicts() -> dict[str, TextVerdict]:
    """One batch for the whole module: the encoder loads once."""
    texts = (
        [t for t, _ in PAINFUL_CASES]
        + BENIGN_CASES
        + GRIEF_IN_CELEBRATION
        + NO_THEME_IN_THE_WORDS
        + [
            "Nobody was hurt, just a dent in the bumper",
            "no one died, it was only the fire alarm at work",
            "my grandfather died",
            "I will miss this office when we move next month",
            "",
            "   ",
        ]
    )
    return dict(zip(texts, classify(texts), strict=True))


@pytest.mark.parametrize(("text", "lang"), OTHER_LANGUAGES_PAINFUL)
def test_a_loss_in_another_language_is_caught(text, lang):
    (verdict,) = classify([text])
    assert verdict.painful, f"{lang}: {text!r} scored {verdict.score}"


@pytest.mark.parametrize(("text", "lang"), OTHER_LANGUAGES_BENIGN)
def test_a_look_alike_in_another_language_is_not_painful(text, lang):
    (verdict,) = classify([text])
    assert not verdict.painful, f"{lang}: {text!r} scored {verdict.score}"


@pytest.mark.parametrize("kind", ["keyword", "album", "calendar"])
def test_a_label_counts_only_when_it_names_a_loss(kind):
    benign = classify(LABELS_BENIGN, kind)
    assert [v.painful for v in benign] == [False] * len(LABELS_BENIGN), [
        (t, v.score) for t, v in zip(LABELS_BENIGN, benign, strict=True)
    ]
    painful = classify(LABELS_PAINFUL, kind)
    assert all(v.painful for v in painful), [
        (t, v.score) for t, v in zip(LABELS_PAINFUL, painful, strict=True)
    ]
    assert all(v.score >= LABEL for v in painful)


def test_reasons_are_grammatical_for_every_kind():
    from gentle_memories.care import taxonomy

    assert taxonomy.reason("keyword", ["funeral_memorial"]) == (
        "the keywords speak of a funeral or a memorial"
    )
    assert taxonomy.reason("album", ["pet_loss"]) == "the album's name speaks of the loss of a pet"
    assert taxonomy.reason("caption", []) == (
        "the caption hints at something that may be hard to see"
    )
    assert taxonomy.reason("keyword", []) == (
        "the keywords hint at something that may be hard to see"
    )


@pytest.mark.parametrize(("text", "theme"), PAINFUL_CASES)
def test_painful_text_is_caught_and_never_named_as_another_loss(verdicts, text, theme):
    """Unsure of the theme, the model names none (the reason then says less)."""
    verdict = verdicts[text]
    assert verdict.painful, f"{text!r} scored {verdict.score}"
    assert verdict.score >= PAINFUL
    assert verdict.themes[:1] in ((theme,), ()), verdict.themes
    assert set(verdict.themes) <= set(THEMES)


def test_most_themes_are_named(verdicts):
    named = [verdicts[t].themes[:1] == (theme,) for t, theme in PAINFUL_CASES]
    assert sum(named) >= len(named) * 2 // 3, named


@pytest.mark.parametrize("text", BENIGN_CASES)
def test_look_alike_is_not_painful(verdicts, text):
    verdict = verdicts[text]
    assert not verdict.painful, f"{text!r} scored {verdict.score}"
    assert verdict.score < PAINFUL
    assert verdict.themes == ()
    assert verdict.reason == ""


@pytest.mark.parametrize("text", NO_THEME_IN_THE_WORDS)
def test_a_loss_that_names_no_theme_is_still_caught(verdicts, text):
    assert verdicts[text].painful, verdicts[text]


@pytest.mark.parametrize("text", GRIEF_IN_CELEBRATION)
def test_a_word_of_loss_keeps_a_celebration_painful(verdicts, text):
    assert verdicts[text].painful, f"{text!r} scored {verdicts[text].score}"


def test_an_anniversary_in_heaven_is_remembrance(verdicts):
    assert verdicts["Happy 30th anniversary in heaven, my darling"].themes[0] == "remembrance"


def test_denied_harm_is_not_painful_but_harm_is(verdicts):
    assert not verdicts["Nobody was hurt, just a dent in the bumper"].painful
    assert not verdicts["no one died, it was only the fire alarm at work"].painful
    assert verdicts["my grandfather died"].painful


def test_missing_a_place_ahead_is_not_a_loss(verdicts):
    assert not verdicts["I will miss this office when we move next month"].painful


def test_blank_text_is_not_painful_with_score_zero(verdicts):
    for text in ("", "   "):
        assert verdicts[text] == TextVerdict(painful=False, score=0.0, themes=(), reason="")


def test_reason_speaks_plainly_of_the_theme_without_quoting(verdicts):
    verdict = verdicts["the son we almost had"]
    assert verdict.reason == "the caption speaks of a pregnancy loss"
    assert "son" not in verdict.reason and "!" not in verdict.reason


def test_scores_and_thresholds_are_ordered(verdicts):
    assert 0 < PAINFUL < STRONG <= 1
    assert PAINFUL <= LABEL <= 1
    assert all(0.0 <= v.score <= 1.0 for v in verdicts.values())
    assert verdicts["My grandad passed away in his sleep last night"].score >= STRONG


def test_batch_keeps_order_and_matches_single_calls(verdicts):
    texts = ["RIP my diet", "the son we almost had", "", "I miss this beach"]
    batch = classify(texts)
    assert [v.painful for v in batch] == [False, True, False, False]
    assert [round(v.score, 3) for v in batch] == [round(verdicts[t].score, 3) for t in texts]


def test_asking_for_the_model_loads_no_weights():
    code = (
        "import sys\nfrom gentle_memories.care import model\nm = model.current()\n"
        "assert 'torch' not in sys.modules and 'numpy' not in sys.modules, 'heavy import'\n"
        "print(m.version, m.thresholds.painful)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [CARE.version, str(PAINFUL)]


ORDINARY_DAY = (
    "Slept in until nine, which felt like a luxury. Made pancakes with blueberries and the "
    "kids ate far too many. We walked down to the market and bought tomatoes, basil, a loaf "
    "of sourdough and some flowers for the kitchen table. In the afternoon I finally fixed "
    "the squeaky gate and Sam painted the fence with a lot of enthusiasm and not much "
    "accuracy. The neighbours came over for coffee and we talked about their trip to "
    "Portugal and the new bakery on the corner. I read two chapters of my book on the porch "
    "while the sun went down behind the hills."
)


def test_a_loss_in_the_last_line_of_a_long_journal_entry_is_caught():
    """Read whole, the happy day averaged this line away (score 0.017): a journal hides it."""
    last_line = "Tonight I keep thinking of the little boy we should have been holding by now."
    (entry,) = classify([f"{ORDINARY_DAY} {last_line}"])
    assert entry.painful, entry.score
    assert entry.themes[:1] in (("pregnancy_loss",), ()), "named from the sentence, or not at all"


@pytest.mark.xfail(
    strict=True,
    reason="a known false alarm of the second-generation model: its sentence about reading on "
    "the porch at sunset scores above PAINFUL (docs/care-model.md, known weaknesses)",
)
def test_an_ordinary_long_journal_entry_is_not_painful():
    (ordinary,) = classify([ORDINARY_DAY])
    assert not ordinary.painful, ordinary.score


def test_long_text_is_read_in_passages_of_whole_sentences():
    short = "Beach day with the kids. Sandcastles and ice cream."
    assert passages.passages(short) == [short]
    parts = passages.passages(ORDINARY_DAY)
    assert len(parts) > 1
    assert " ".join(parts) == ORDINARY_DAY
    assert all(len(p.split()) <= passages.PASSAGE_WORDS for p in parts)
    assert all(p.endswith(".") for p in parts), "a passage ends where a sentence ends"
    endless = " ".join(["and then"] * 80)
    assert " ".join(passages.passages(endless)) == endless
    assert max(len(p.split()) for p in passages.passages(endless)) == passages.PASSAGE_WORDS
