"""`memories immich ...`: connect a library to an Immich server, and write its memories there."""

from __future__ import annotations

import sys
from pathlib import Path

import click

ADMIN_HINT = (
    "Immich also makes its own memories each night, which do not know which days hurt. "
    "An Immich admin can stop those: Administration → Settings → Nightly Tasks → "
    "Generate memories."
)
OFF_HINT = (
    "Memories are switched off in your Immich account, so its apps show none of these. "
    "Gentle Memories never changes that setting: it is under Account Settings → Features "
    "→ Memories."
)


def _home(ctx: click.Context) -> Path:
    from gentle_memories.home import library_home

    return library_home(ctx.obj.get("home"))


def connected(ctx: click.Context):
    from gentle_memories.sources.immich.account import connected as load

    immich = load(_home(ctx))
    if immich is None:
        raise click.ClickException("no Immich server is connected: memories immich connect URL")
    return immich


def read_key(key_file: str | None) -> str:
    """The key from a file, from a pipe, or typed unseen; never from the command line,
    where other users and the shell's history would see it."""
    if key_file:
        return Path(key_file).read_text(encoding="utf-8").strip()
    if sys.stdin.isatty():
        return click.prompt("Immich API key", hide_input=True)
    return sys.stdin.readline().strip()


@click.group()
def immich() -> None:
    """Read an Immich library, and write its memories back into Immich."""


@immich.command()
@click.argument("url")
@click.option("--key-file", type=click.Path(dir_okay=False, exists=True), help="Read the key here.")
@click.pass_context
def connect(ctx: click.Context, url: str, key_file: str | None) -> None:
    """Connect to the Immich server at URL with an API key (from standard input or --key-file).

    Make the key in Immich under Account Settings → API Keys.
    """
    from gentle_memories.deliver.cli import open_library
    from gentle_memories.sources.immich.account import connect as keep
    from gentle_memories.sources.immich.account import mask
    from gentle_memories.sources.immich.api import ImmichError

    key = read_key(key_file)
    try:
        done = keep(_home(ctx), url, key, open_library(ctx).user.name)
    except ImmichError as err:
        raise click.ClickException(f"{err}; nothing was kept") from None
    version = ".".join(map(str, done.version))
    click.echo(f"Connected to Immich v{version} at {done.url} as {done.user}; key {mask(key)}.")
    click.echo("Now: memories import immich")


@immich.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Which server is connected, whether it answers, and when it was last read."""
    from gentle_memories.deliver.cli import open_library
    from gentle_memories.sources.immich.account import key_of
    from gentle_memories.sources.immich.api import ImmichError
    from gentle_memories.sources.immich.sync import STATE

    immich = connected(ctx)
    click.echo(f"Immich at {immich.url}, key {key_of(_home(ctx))}")
    try:
        version = ".".join(map(str, immich.version()))
        click.echo(f"  answers: v{version}, as {immich.me()['name']}")
        if not immich.preferences()["memories"]["enabled"]:
            click.echo(f"  {OFF_HINT}")
    except ImmichError as err:
        click.echo(f"  does not answer now: {err}")
    cursor = open_library(ctx).setting(STATE, {}).get("cursor")
    click.echo(f"  last change read: {cursor or 'none yet (memories import immich)'}")


@immich.command()
@click.pass_context
def disconnect(ctx: click.Context) -> None:
    """Forget the server and its key; what was imported from it stays."""
    from gentle_memories.sources.immich.account import disconnect as forget

    said = "Disconnected from Immich" if forget(_home(ctx)) else "No Immich server was connected"
    click.echo(f"{said}; what was imported from it stays in the library.")


@immich.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Another day than today.")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@click.pass_context
def publish(ctx: click.Context, day: str | None, dry_run: bool) -> None:
    """Write the day's shown memories into Immich, for its apps to show.

    Memories held or veiled for care stay in Gentle Memories only. What this wrote
    before is replaced; Immich's own memories and the ones you saved are left alone.
    """
    from gentle_memories.deliver.cli import open_library, parse_day
    from gentle_memories.deliver.immich.publish import publish as write
    from gentle_memories.sources.immich.api import ImmichError

    on = parse_day(day)
    try:
        done = write(open_library(ctx), connected(ctx), on, dry_run)
    except ImmichError as err:
        raise click.ClickException(str(err)) from None
    click.echo("\n".join(publish_lines(done, dry_run)))


def publish_lines(done, dry_run: bool) -> list[str]:
    when = f"{done.day:%-d %B %Y}"
    count = len(done.cards)
    noun = "memory" if count == 1 else "memories"
    if dry_run:
        lines = [f"Would write {count} {noun} into Immich for {when}" + (":" if count else ".")]
    else:
        lines = [f"Wrote {count} {noun} into Immich for {when}" + (":" if count else ".")]
    for card in done.cards:
        photos = len(card.asset_ids)
        lines.append(f"  {card.memory.title} ({photos} {'photo' if photos == 1 else 'photos'})")
    if done.kept_here:
        lines.append(
            f"{done.kept_here} set aside for care {'stays' if done.kept_here == 1 else 'stay'}"
            " in Gentle Memories only."
        )
    if done.removed:
        lines.append(f"Replaced {done.removed} written before.")
    if done.memories_off:
        lines.append(OFF_HINT)
    lines.append(ADMIN_HINT)
    return lines


def import_from_immich(ctx: click.Context, full: bool) -> None:
    """`memories import immich`: what changed in Immich, then a look at its pictures."""
    from gentle_memories.deliver.cli import open_library
    from gentle_memories.deliver.import_report import print_summary, progress_bar
    from gentle_memories.sources.immich.api import ImmichError
    from gentle_memories.sources.immich.sync import ImmichPictures, import_immich, pictures_seen
    from gentle_memories.understand.pictures import look_at_pictures
    from gentle_memories.understand.understanding import understand

    library, immich = open_library(ctx), connected(ctx)
    try:
        with progress_bar() as progress:
            synced = import_immich(library, immich, progress, full)
        look_at_pictures(library, ImmichPictures(library, immich), synced.years)
        pictures_seen(library)
    except ImmichError as err:
        raise click.ClickException(
            f"{err}; what was read before is kept, run it again later"
        ) from None
    understand(library)
    print_summary(synced.summary)
