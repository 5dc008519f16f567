"""Which importer reads a path: decided by content, not by the name the person gave it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from gentle_memories.sources.base import Importer


class UnknownFormat(Exception):
    """A path no importer recognises; the message says what was found and what is known."""


def importers() -> list[Importer]:
    """Every importer, most specific first: an export is also a folder, so the folder is last."""
    from gentle_memories.sources.dayone import DayOneImporter
    from gentle_memories.sources.facebook import FacebookImporter
    from gentle_memories.sources.folder import FolderImporter
    from gentle_memories.sources.ics import CalendarImporter
    from gentle_memories.sources.instagram import InstagramImporter
    from gentle_memories.sources.takeout import TakeoutImporter

    exports = [TakeoutImporter(), InstagramImporter(), FacebookImporter(), DayOneImporter()]
    return [*exports, CalendarImporter(), FolderImporter()]


def importer_for(path: Path) -> Importer:
    known = importers()
    for importer in known:
        if importer.detect(path):
            return importer
    names = ", ".join(i.name for i in known)
    raise UnknownFormat(f"{path}: {_found(path)}, in no format this knows (it reads: {names})")


def _found(path: Path) -> str:
    """A few words on what the path holds, so the person can tell what went wrong."""
    from gentle_memories.sources.archive import member_names

    if path.is_dir():
        return "a folder"
    if zipfile.is_zipfile(path):
        names = member_names([path])
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        return f"a zip of {len(names)} files ({shown})" if names else "an empty zip"
    return f"a file ({path.suffix or 'no extension'})"
