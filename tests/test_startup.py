"""`memories today` starts fast: what a person notices is start-up time, so its path
imports only what reading a day needs (SQLAlchemy, click, curation). Speed itself is
measured in bench/bench_startup.py; this checks the modules, which do not vary with load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import gentle_memories
from tests.conftest import memories

DAY = "2025-06-14"

NOT_FOR_TODAY = (
    "alembic",  # only creating or upgrading a library needs it, not opening a current one
    "numpy",  # the care model's encoder, loaded on the first text it reads
    "torch",
    "PIL",  # pictures are looked at on import
    "pillow_heif",
    "fastapi",  # `memories serve`
    "starlette",
    "uvicorn",
    "jinja2",
    "rich",  # the import progress bar and `memories eval`
    "apprise",  # `memories notify`
    "timezonefinder",  # an import settling time zones
    "reverse_geocode",
    "httpx",
    "urllib.request",  # Immich's client
    "gentle_memories.importing",
    "gentle_memories.sources",
    "gentle_memories.understand.pictures",
    "gentle_memories.deliver.web",
    "gentle_memories.deliver.notify",
    "gentle_memories.deliver.immich",
    "gentle_memories.care.encoder",
    "gentle_memories.care.rules",
    "gentle_memories.care.evaluation",
)

RUN_TODAY = """
import json, sys
from gentle_memories.deliver.cli import cli

home, day, out = sys.argv[1:]
for extra in (["--held"], ["--json"]):
    cli(["--home", home, "today", "--date", day, *extra], "memories", standalone_mode=False)
with open(out, "w") as modules:
    json.dump(sorted(sys.modules), modules)
"""


def test_today_on_the_sample_library_imports_no_heavy_module(home, tmp_path):
    memories(home, "sample", "--date", DAY)
    found = tmp_path / "modules.json"
    src = str(Path(gentle_memories.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", RUN_TODAY, str(home), DAY, str(found)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"memories"' in done.stdout and "years ago" in done.stdout, done.stdout
    modules = set(json.loads(found.read_text()))
    assert {"sqlalchemy", "gentle_memories.curate.curation"} <= modules
    loaded = sorted(
        m for m in modules for heavy in NOT_FOR_TODAY if m == heavy or m.startswith(heavy + ".")
    )
    assert loaded == [], f"`memories today` imports {loaded}"
