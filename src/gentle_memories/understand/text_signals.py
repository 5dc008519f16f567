"""Text evidence: the care model reads what the person wrote, once per distinct text.

A caption, the keywords, each album name and a calendar entry's title are read apart,
each as the kind of text it is: a folder called "Hospital" speaks for every photo in it,
is read once however many photos it holds, and as a label it counts only when it names
a loss outright.

A refresh reads only the items saved new or with changed words since the last one
(save_all marks them); every item when the model that made the signals is not the
current one, or none ever made them. Verdicts are cached by text and model version, so
an import that read its texts as it went (understand/text_reader.py) leaves them cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from gentle_memories.care import model as care_model
from gentle_memories.items import Item, words_of
from gentle_memories.library import Library
from gentle_memories.library.records import Signal

if TYPE_CHECKING:
    from gentle_memories.care.model import CareModel

MODEL_SETTING = "text_signals_model"
"""The household setting naming the model version the text signals were made with."""
BATCH = 256
"""Texts per classify call: a batch is much faster per text than single calls."""

Text = tuple[str, str, str]
"""(kind, text, text hash)."""


def text_hash(kind: str, text: str) -> str:
    """The verdict cache's key: the same words read as a caption and as a label may differ."""
    return hashlib.blake2b(f"{kind}\n{text}".encode(), digest_size=16).hexdigest()


def texts(parts: dict[str, list[str]]) -> list[Text]:
    """An item's words (items.words_of) as the texts the care model reads."""
    return [(kind, text, text_hash(kind, text)) for kind, said in parts.items() for text in said]


def item_texts(item: Item) -> list[Text]:
    """The texts of an item as an importer found it, before it is saved."""
    return texts(words_of(item.kind, item.title, item.caption, item.keywords, item.albums))


def read_texts(
    library: Library, model: CareModel, found: Iterable[Text], batch: int = BATCH
) -> tuple[dict[str, dict], int]:
    """({text hash: verdict}, how many texts the model read) for these texts: cached
    verdicts where there are, the model's for the rest, which are cached in turn."""
    found = list(found)
    verdicts = library.cached_verdicts(sorted({h for *_, h in found}), model.version)
    pending: dict[str, dict[str, str]] = {}
    for kind, text, h in found:
        if h not in verdicts:
            pending.setdefault(kind, {})[h] = text
    read = 0
    for kind, todo in sorted(pending.items()):
        todo = list(todo.items())
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            said = model.classify([t for _, t in chunk], kind)
            fresh = {
                h: {
                    "painful": v.painful,
                    "score": v.score,
                    "themes": list(v.themes),
                    "reason": v.reason,
                }
                for (h, _), v in zip(chunk, said, strict=True)
            }
            library.cache_verdicts(model.version, fresh)
            verdicts.update(fresh)
            read += len(chunk)
    return verdicts, read


def refresh_text_signals(library: Library, batch: int = BATCH) -> int:
    """Bring the text signals up to date, one per painful theme of each item's words;
    returns how many signals were written (0: nothing had changed)."""
    model = care_model.current()
    unread = library.unread_words()  # before the words, so a save after it stays marked
    everything = library.setting(MODEL_SETTING) != model.version
    if not everything and not unread:
        return 0
    words = library.words() if everything else library.words(sorted(unread))
    by_item = [(item_id, t) for item_id, parts in words for t in texts(parts)]
    verdicts, _ = read_texts(library, model, (t for _, t in by_item), batch)
    found = [
        Signal(item_id, "text", theme, verdicts[h]["score"], verdicts[h]["reason"])
        for item_id, (_, _, h) in by_item
        if verdicts[h]["painful"]
        for theme in verdicts[h]["themes"] or ["unspecified"]
    ]
    if everything:
        library.replace_signals("text", found)
        library.set_setting(MODEL_SETTING, model.version)
    else:
        library.replace_item_signals("text", unread, found)
    library.words_read(unread)
    return len(found)
