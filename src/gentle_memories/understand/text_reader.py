"""The care model reading an import's new words beside the scan, so that understanding
afterwards finds their verdicts cached (importing.run_import starts it)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from contextlib import ExitStack

from gentle_memories.items import Item
from gentle_memories.library import Library
from gentle_memories.understand.text_signals import Text, item_texts, read_texts

Told = Callable[[int, int], None]
"""Told (texts read, texts found) as the reading goes."""


class TextReader:
    """The care model reading the words of saved items in a thread of its own, beside the
    scan: each distinct text once, its verdict into the library's cache (text_signals).

    The model's work is numpy's, which lets go of the interpreter, and it keeps to one
    BLAS thread meanwhile, so that the file readers keep the other cores. A failure stops
    the reading, never the import: `close` returns it.
    """

    def __init__(self, library: Library, progress: Told | None = None) -> None:
        self.library = library
        self.progress = progress
        self.found = 0
        """Distinct new texts handed to the reader so far."""
        self.read = 0
        """Of those, how many have a verdict (cached before, or read now)."""
        self.error: Exception | None = None
        self._todo: queue.SimpleQueue[list[Text] | None] = queue.SimpleQueue()
        self._seen: set[str] = set()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def add(self, items: Sequence[Item]) -> None:
        """Items just saved. The thread starts with the first new text, after the first
        path's file readers are forked, so that they inherit no thread mid-call (a later
        path's readers fork beside it; they read files only, none of its locks)."""
        if self.error is not None:
            return
        new = [t for item in items for t in item_texts(item) if t[2] not in self._seen]
        new = list({h: (kind, text, h) for kind, text, h in new}.values())
        if not new:
            return
        self._seen.update(h for *_, h in new)
        self.found += len(new)
        self._tell()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="text-reader", daemon=True)
            self._thread.start()
        self._todo.put(new)

    def _run(self) -> None:
        from gentle_memories.care import model as care_model

        try:
            with ExitStack() as sharing:
                model = _SharingCores(care_model.current(), sharing)
                while (texts := self._todo.get()) is not None:
                    if not self._stopping:
                        read_texts(self.library, model, texts)
                        self.read += len(texts)
                        self._tell()
        except Exception as err:  # told by close()
            self.error = err
            while self._todo.get() is not None:
                pass  # what is queued after a failure is read by understanding later

    def _tell(self) -> None:
        if self.progress:
            self.progress(self.read, self.found)

    def stop(self) -> None:
        """The import failed: stop after the texts being read now, raising nothing."""
        self._stopping = True
        self._finish()

    def _finish(self) -> None:
        if self._thread is not None:
            self._todo.put(None)
            self._thread.join()
            self._thread = None

    def close(self) -> Exception | None:
        """Wait for the words handed over to be read; the model's error, if it failed."""
        self._finish()
        return self.error


class _SharingCores:
    """The care model, kept to one BLAS thread from its first classify on (when it has
    such a setting: FineTunedModel.sharing_cores), so a batch whose texts are all cached
    loads no encoder."""

    def __init__(self, model, stack: ExitStack) -> None:
        self.model, self.version, self._stack = model, model.version, stack
        self._shared = not hasattr(model, "sharing_cores")

    def classify(self, texts, kind="caption"):
        if not self._shared:
            self._stack.enter_context(self.model.sharing_cores(1))
            self._shared = True
        return self.model.classify(texts, kind)
