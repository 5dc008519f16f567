"""The library: a SQLite file under the library home (or a PostgreSQL database), and its API."""

from gentle_memories.library.days import DaysAsked
from gentle_memories.library.errors import LibraryError
from gentle_memories.library.store import Library

__all__ = ["DaysAsked", "Library", "LibraryError"]
