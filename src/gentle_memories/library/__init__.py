"""The library: one SQLite file under the library home, and the API every stage uses on it."""

from gentle_memories.library.store import DaysAsked, Library, LibraryError

__all__ = ["DaysAsked", "Library", "LibraryError"]
