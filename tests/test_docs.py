"""The README and docs/design.md name only commands the CLI has, and the README names all."""

from __future__ import annotations

import re
from pathlib import Path

from gentle_memories.deliver.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def commands_named(text: str) -> set[str]:
    return set(re.findall(r"(?:\.venv/bin/memories|`memories) ([a-z][a-z-]+)", text))


def test_every_command_the_docs_name_exists_and_the_readme_names_every_command():
    commands = set(cli.commands)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for name, text in (("README.md", readme), ("docs/design.md", design)):
        unknown = commands_named(text) - commands
        assert not unknown, f"{name} names commands the CLI lacks: {sorted(unknown)}"
    assert commands - commands_named(readme) - {"sample"} == set(), "the README omits some"


def test_the_design_lists_every_kind_of_memory_the_curation_offers():
    from gentle_memories.curate.curation import MORE_KINDS, ON_THIS_DAY

    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for kind in (ON_THIS_DAY, *MORE_KINDS):
        assert f"`{kind.name}`" in design, kind.name
