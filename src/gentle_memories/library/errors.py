"""The library's own error: what every surface shows a person in one line."""


class LibraryError(Exception):
    """A library that cannot be opened, upgraded, read or written; the message is one line."""
