"""Text evidence: the care model reads what the person wrote, once per distinct text.

A caption, the keywords, each album name and a calendar entry's title are read apart,
each as the kind of text it is: a folder called "Hospital" speaks for every photo in it,
is read once however many photos it holds, and as a label it counts only when it names
a loss outright.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from gentle_memories.care import model as care_model
from gentle_memories.library import Library
from gentle_memories.library.records import Signal


def text_hash(kind: str, text: str) -> str:
    """The verdict cache's key: the same words read as a caption and as a label may differ."""
    return hashlib.blake2b(f"{kind}\n{text}".encode(), digest_size=16).hexdigest()


def refresh_text_signals(library: Library, batch: int = 256) -> int:
    """Score every item's words and store one signal per painful theme; returns their count.

    Verdicts are cached in the library by (text hash, model version), so a re-import
    or a second run pays only for texts it has not read before.
    """
    model = care_model.current()
    by_item = [
        (item_id, kind, text, text_hash(kind, text))
        for item_id, parts in library.words()
        for kind, texts in parts.items()
        for text in texts
    ]
    hashes = sorted({h for *_, h in by_item})
    verdicts = library.cached_verdicts(hashes, model.version)
    pending: dict[str, dict[str, str]] = defaultdict(dict)
    for _, kind, text, h in by_item:
        if h not in verdicts:
            pending[kind][h] = text
    for kind, texts in sorted(pending.items()):
        todo = list(texts.items())
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            read = model.classify([t for _, t in chunk], kind)
            fresh = {
                h: {
                    "painful": v.painful,
                    "score": v.score,
                    "themes": list(v.themes),
                    "reason": v.reason,
                }
                for (h, _), v in zip(chunk, read, strict=True)
            }
            library.cache_verdicts(model.version, fresh)
            verdicts.update(fresh)
    found = [
        Signal(item_id, "text", theme, verdicts[h]["score"], verdicts[h]["reason"])
        for item_id, _, _, h in by_item
        if verdicts[h]["painful"]
        for theme in verdicts[h]["themes"] or ["unspecified"]
    ]
    library.replace_signals("text", found)
    return len(found)
