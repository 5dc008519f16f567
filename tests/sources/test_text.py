"""Mojibake repair: Meta's escaped bytes undone, text that is right left alone."""

from gentle_memories.sources.text import repair, unescape_markdown


def test_meta_mojibake_is_undone():
    assert (
        repair("Tobias L\u00c3\u00b8ye caf\u00c3\u00a9 \u00f0\u009f\u0098\u00a2")
        == "Tobias Løye café 😢"
    )
    assert repair("We miss you \u00e2\u0080\u0099") == "We miss you ’"


def test_correct_text_is_left_alone():
    for text in [
        "café naïve",
        "“quoted” ’tis",
        "ﬁne ＡＢ",
        "&amp; <b>",
        "Løye 😢",
        "Straße\r\nx",
        "",
    ]:
        assert repair(text) == text


def test_mixed_text_is_fixed_piece_by_piece():
    assert repair("Grüße from the cafÃ©") == "Grüße from the café"


def test_day_one_markdown_escapes():
    assert (
        unescape_markdown("So relieved\\! 1\\. item \\(really\\)")
        == "So relieved! 1. item (really)"
    )
