"""Text evidence: the care model reads what the person wrote, once per distinct text."""

from __future__ import annotations

import hashlib

from gentle_memories.library import Library
from gentle_memories.library.records import Signal


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def refresh_text_signals(library: Library, batch: int = 256) -> int:
    """Score every item's words and store one signal per painful theme; returns their count.

    Verdicts are cached in the library by (text hash, model version), so a re-import
    or a second run pays only for texts it has not read before.
    """
    from gentle_memories.understand import sensitivity

    by_item = {item_id: (text, text_hash(text)) for item_id, text in library.texts()}
    hashes = sorted({h for _, h in by_item.values()})
    verdicts = library.cached_verdicts(hashes, sensitivity.MODEL_VERSION)
    todo = {h: t for t, h in by_item.values() if h not in verdicts}
    pending = list(todo.items())
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
        Signal(item_id, "text", theme, verdicts[h]["score"], verdicts[h]["reason"])
        for item_id, (_, h) in by_item.items()
        if verdicts[h]["painful"]
        for theme in verdicts[h]["themes"] or ["unspecified"]
    ]
    library.replace_signals("text", found)
    return len(found)
