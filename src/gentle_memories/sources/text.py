"""Repairing the text that exports carry, without touching text that is already right.

Meta (Facebook, Instagram) writes each UTF-8 byte of a caption as its own \\u00XX escape,
so "café" arrives as "cafÃ©" and an emoji as four control characters. Where a string is
exactly such bytes, reading them back as UTF-8 restores it with certainty; anything else
goes to ftfy, told to fix only encoding mix-ups: curly quotes, ligatures, full-width
letters, HTML entities and line breaks are the person's own and stay as they wrote them.
"""

from __future__ import annotations

import re

import ftfy

_FIX_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    explain=False,
)
_DAY_ONE_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")


def repair(text: object) -> str:
    """The text as its author wrote it: mojibake undone, correct text unchanged."""
    if not isinstance(text, str) or not text:
        return ""
    if not text.isascii() and all(ord(c) < 256 for c in text):
        try:
            return text.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            pass  # real Latin-1 text ("café"), or a mix: ftfy decides piece by piece
    return ftfy.fix_text(text, _FIX_ENCODING_ONLY)


def unescape_markdown(text: str) -> str:
    """Day One escapes Markdown punctuation ("Happy birthday\\!"); a reader wants it plain."""
    return _DAY_ONE_ESCAPE.sub(r"\1", text)


def join_text(*parts: str) -> str:
    """Non-empty parts, once each, one per paragraph."""
    seen: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and part not in seen:
            seen.append(part)
    return "\n\n".join(seen)
