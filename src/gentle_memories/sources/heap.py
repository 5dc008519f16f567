"""Decode buffers go back to the system when they are freed.

A 12-megapixel HEIC decodes into buffers of tens of MB, and the text reader's tensors are a
few MB each. glibc serves a freed buffer's size from its heap from then on (its mmap
threshold follows the largest block freed), and each decoding thread fills a heap of its
own, so every reader kept growing by the pictures it decoded: 500 MB and more over a
thousand files. A fixed threshold keeps large blocks in mappings of their own, handed back
on free, and one heap for the process keeps the rest in one place. Readers forked after
this inherit it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
LARGE = 1024 * 1024
"""Blocks at least this big are mapped apart. Lower costs a page fault for every page of
every text-reader tensor; at 8 MiB a reader still grew to about 320 MB over 1,000 files."""


@cache
def return_large_buffers() -> bool:
    """Once per process; False where the C library is not glibc (nothing to change)."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE)) and bool(mallopt(_M_ARENA_MAX, 1))
