"""`memories backup`, `memories restore` and `memories check`: copies of the library, bringing
one back, and whether the library is whole (library/backups.py, recovery.py, integrity.py)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from gentle_memories.home import ENV_VAR, library_home


def _library(ctx: click.Context):
    from gentle_memories.deliver.cli import open_library

    return open_library(ctx)


@click.command()
@click.option(
    "--to",
    "to",
    type=click.Path(file_okay=False),
    help="Another folder (a USB disk, say) instead of the library home's backups/.",
)
@click.pass_context
def backup(ctx: click.Context, to: str | None) -> None:
    """Make a whole, checked copy of the library now, and of the decisions as JSON."""
    library = _library(ctx)
    made = library.back_up(Path(to) if to else None)
    click.echo(f"Backed up to {made.path} (checked: whole).")
    if to:
        click.echo(f"Rules, users and settings, to read: {Path(to) / 'decisions.json'}")


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.pass_context
def restore(ctx: click.Context, file: str | None) -> None:
    """List the backups, or restore FILE: a backup, or a decisions.json to start anew.

    The library file it replaces is kept aside, never deleted; the rules and settings
    decided since the backup are put back over it. Stop `memories serve` first."""
    from gentle_memories.library.recovery import home_of
    from gentle_memories.library.recovery import restore as restore_file

    obj = ctx.ensure_object(dict)
    chosen = obj.get("home") or os.environ.get(ENV_VAR)
    home = library_home(chosen)
    if file is None:
        _list(home)
        return
    if not chosen:  # the home the backup lies in, so that the line a failure gave just works
        home = home_of(Path(file)) or home
    done = restore_file(home, Path(file), obj.get("db"))
    click.echo(f"Restored {done.source} into {done.home}: {done.rules} rules.")
    if done.put_back:
        click.echo("The rules, users and settings decided since were put back over it.")
    if done.aside:
        click.echo(f"The file it replaced is kept aside as {done.aside}.")
    if file.endswith(".json"):
        click.echo("Photos and what was found in them come back with: memories import PATH")
    else:
        click.echo("Photos imported since the backup come back with: memories import PATH")


def _list(home: Path) -> None:
    from gentle_memories.library import backups

    found = backups.listed(home)
    if not found:
        click.echo(f"There are no backups in {backups.folder(home)} yet.")
        click.echo("`memories backup` makes one; any change to a rule makes the day's first.")
        return
    good = backups.newest_good(home)
    click.echo(f"Backups of {home}, newest first:")
    for b in found:
        rules = backups.rules_in(b.path) if b.sqlite else None
        said = [b.kind, backups.age(b)]
        if b.sqlite:
            said.append("cannot be read" if rules is None else f"{rules} rules")
        if good and b.path == good.path:
            said.append("newest good one")
        click.echo(f"  {b.path}  ({', '.join(said)})")
    click.echo("Restore one with: memories restore FILE")


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check the whole library file (SQLite's integrity_check); names a backup if damaged."""
    from gentle_memories.library import backups, integrity

    library = _library(ctx)
    problem = integrity.sqlite_check(library.engine, full=True)
    if problem:
        raise integrity.damaged(library.home, problem)
    newest = backups.listed(library.home)
    how = (
        "SQLite's integrity_check: ok"
        if library.engine.dialect.name == "sqlite"
        else "PostgreSQL checks its own pages"
    )
    click.echo(f"The library is whole ({how}).")
    if newest:
        click.echo(f"Newest backup: {newest[0].path} ({backups.age(newest[0])}).")
    else:
        click.echo("There is no backup yet: `memories backup` makes one.")
