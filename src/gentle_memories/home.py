"""Where the library lives: --home, then GENTLE_MEMORIES_HOME, then the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "GENTLE_MEMORIES_HOME"


def library_home(option: str | os.PathLike | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("gentle-memories", appauthor=False))
