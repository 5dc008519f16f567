"""Secrets in the library home (notification tokens, an Immich API key): a JSON file each, 0600.

They stay out of the database, which gets copied into backups and shared for bug
reports, and are only ever shown masked.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from gentle_memories.library.errors import LibraryError

PRIVATE = 0o600


def read(file: Path, what: str) -> dict | None:
    """The file's JSON object, None when there is none; tightens a file someone made readable."""
    try:
        if stat.S_IMODE(file.stat().st_mode) != PRIVATE:
            file.chmod(PRIVATE)
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise LibraryError(f"cannot read {what} in {file}: {err}") from None
    if not isinstance(data, dict):
        raise LibraryError(f"{what} in {file} is not as expected")
    return data


def write(file: Path, data: dict) -> None:
    """Write through a private temporary file and rename, so no moment leaves it readable."""
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(f".{file.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, file)
