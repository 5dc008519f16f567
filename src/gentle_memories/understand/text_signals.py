"""Text evidence: the care model reads what the person wrote, once per distinct text.

A caption, the keywords and each album name are read apart: a folder called
"Hospital" speaks for every photo in it, and is read once however many photos it holds.
"""

from __future__ import annotations

import hashlib

from gentle_memories.library import Library
from gentle_memories.library.records import Signal

WHAT = {"caption": "the caption", "keyword": "the keywords", "album": "the album's name"}


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def refresh_text_signals(library: Library, batch: int = 256) -> int:
    """Score every item's words and store one signal per painful theme; returns their count.

    Verdicts are cached in the library by (text hash, model version), so a re-import
    or a second run pays only for texts it has not read before.
    """
    from gentle_memories.understand import sensitivity

    by_item = [
        (item_id, kind, text, text_hash(text))
        for item_id, parts in library.words()
        for kind, texts in parts.items()
        for text in texts
    ]
    hashes = sorted({h for *_, h in by_item})
    verdicts = library.cached_verdicts(hashes, sensitivity.MODEL_VERSION)
    pending = list({h: t for _, _, t, h in by_item if h not in verdicts}.items())
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        fresh = {
            h: {
                "painful": v.painful,
                "score": v.score,
                "themes": list(v.themes),
                "reason": v.reason,
            }
            for (h, _), v in zip(chunk, sensitivity.classify([t for _, t in chunk]), strict=True)
        }
        library.cache_verdicts(sensitivity.MODEL_VERSION, fresh)
        verdicts.update(fresh)
    found = [
        Signal(item_id, "text", theme, verdicts[h]["score"], _reason(kind, verdicts[h]["themes"]))
        for item_id, kind, _, h in by_item
        if verdicts[h]["painful"]
        for theme in verdicts[h]["themes"] or ["unspecified"]
    ]
    library.replace_signals("text", found)
    return len(found)


def _reason(kind: str, themes: list[str]) -> str:
    from gentle_memories.understand.sensitivity import THEME_PHRASES

    spoken = " and ".join(THEME_PHRASES.get(t, t) for t in themes) or "something painful"
    return f"{WHAT[kind]} speaks of {spoken}"
