"""The `memories` command. Each command asks the library or the one curation function; none decides.

Heavy modules (the care model, image libraries) load inside the commands that need
them, so that `memories today` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from gentle_memories.deliver import backup_commands, user_commands
from gentle_memories.deliver.care_commands import classify, eval_command
from gentle_memories.deliver.immich_commands import immich
from gentle_memories.deliver.notify_commands import notify
from gentle_memories.home import library_home
from gentle_memories.library import Library, LibraryError
from gentle_memories.library.records import TARGETS

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


class Commands(click.Group):
    """One line on stderr for any failure; the traceback only with --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # the reader (head, less) went away: stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_FAILURE)
        except LibraryError as err:
            self._fail(ctx, str(err), EXIT_FAILURE)
        except (FileNotFoundError, ValueError) as err:
            self._fail(ctx, str(err), EXIT_BAD_INPUT)
        except Exception as err:
            # an error that says all in its own words (importing.WordsNotRead) needs no name
            said = str(err) if getattr(err, "plain", False) else f"{type(err).__name__}: {err}"
            self._fail(ctx, said, EXIT_FAILURE)

    @staticmethod
    def _fail(ctx: click.Context, message: str, code: int):
        if (ctx.obj or {}).get("debug"):
            raise
        click.echo(f"memories: {message}", err=True)
        ctx.exit(code)


def parse_day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{value!r} is not a date (YYYY-MM-DD)") from None


def open_library(ctx: click.Context, quick_check: bool = False) -> Library:
    """The library of this command, opened once; `quick_check`: SQLite's quick_check first
    (an import does it; every command refuses a library SQLite reports damaged)."""
    obj = ctx.ensure_object(dict)
    if "library" not in obj:
        library = Library.open(library_home(obj.get("home")), obj.get("db"), quick_check)
        ctx.call_on_close(library.close)
        obj["library"] = library.for_user(obj.get("user"))
    return obj["library"]


@click.group(cls=Commands)
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    help="The library home (default: $GENTLE_MEMORIES_HOME or your user data folder).",
)
@click.option(
    "--db",
    metavar="URL",
    help="A database instead of the library home's SQLite file, such as "
    "postgresql+psycopg://user@host/memories (default: $GENTLE_MEMORIES_DB).",
)
@click.option(
    "--user",
    metavar="NAME",
    envvar="GENTLE_MEMORIES_USER",
    help="Whose rules and view (default: $GENTLE_MEMORIES_USER; not needed with one user).",
)
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(package_name="gentle-memories")
@click.pass_context
def cli(
    ctx: click.Context, home: str | None, db: str | None, user: str | None, debug: bool
) -> None:
    """Gentle Memories: on-this-day memories from your own archive, gentle on the days that hurt."""
    ctx.ensure_object(dict).update(home=home, db=db, user=user, debug=debug)


cli.add_command(notify)
cli.add_command(immich)
cli.add_command(user_commands.user)
cli.add_command(backup_commands.backup)
cli.add_command(backup_commands.restore)
cli.add_command(backup_commands.check)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--full", is_flag=True, help="Immich: read every asset again, not only changes.")
@click.option(
    "--private", is_flag=True, help="Yours alone (--user): no one else's view ever reads it."
)
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], full: bool, private: bool) -> None:
    """Import photo folders and exports, or `immich` (memories immich connect). Re-running
    reads only what changed."""
    from gentle_memories.deliver.import_report import print_summary, progress_bar
    from gentle_memories.importing import UnknownFormat, WordsNotRead, run_import
    from gentle_memories.understand.understanding import understand

    open_library(ctx, quick_check=True)  # a damaged library is not imported into
    if paths == ("immich",) and not Path("immich").exists():
        from gentle_memories.deliver.immich_commands import import_from_immich

        return import_from_immich(ctx, full)
    library = open_library(ctx)
    try:
        with progress_bar() as progress:
            summary = run_import(
                library, [Path(p) for p in paths], progress, private, texts=progress.texts
            )
    except UnknownFormat as err:
        raise BadInput(str(err)) from None
    except WordsNotRead as err:
        print_summary(err.summary)  # the model failed: understanding waits for the next run
        raise
    understand(library)
    print_summary(summary)


@cli.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Another day than today.")
@click.option(
    "--held", is_flag=True, help="Also say why memories are set aside, and if the day may be hard."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object, held memories included.")
@click.option(
    "--with-file-dates", is_flag=True, default=None, help="Also offer items dated by file time."
)
@click.pass_context
def today(
    ctx: click.Context, day: str | None, held: bool, as_json: bool, with_file_dates: bool | None
) -> None:
    """The memories for today (or --date).

    Memories set aside for care are only counted; --held says why each is set aside
    (never what it shows) and whether the day may be a hard one.
    """
    from gentle_memories.curate.curation import curate_day
    from gentle_memories.deliver.today_text import render_day

    on = parse_day(day)
    result = curate_day(open_library(ctx), on, with_file_dates)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    # the way to ask for the detail of this very day, ready to copy
    again = ["memories today", *(["--date", on.isoformat()] if day else [])]
    again += ["--with-file-dates"] if with_file_dates else []
    click.echo(render_day(result, held, " ".join([*again, "--held"])))


def _rule_command(action: str):
    @click.argument("target", type=click.Choice(TARGETS))
    @click.argument("value")
    @click.pass_context
    def command(ctx: click.Context, target: str, value: str) -> None:
        from gentle_memories.curate.rule_input import RuleError, add_rule

        try:
            rule = add_rule(open_library(ctx), action, target, value)
        except RuleError as err:
            raise BadInput(str(err)) from None
        click.echo(f"rule {rule.id}: {rule.describe()}")

    command.__doc__ = {
        "hide": "Hold back a person, theme, dates (FROM[..TO]), item, event or memory.",
        "ask": "Ask first (a veiled card) about a person, theme, dates, item or memory.",
        "show": "Show a person, theme, dates, item or memory, even if it seems painful.",
        "remember": "Be reminded gently of a person or dates, as remembrance.",
    }[action]
    return cli.command(action)(command)


for _action in ("hide", "ask", "show", "remember"):
    _rule_command(_action)


@cli.command()
@click.argument("target", type=click.Choice(["item", "memory"]))
@click.argument("value")
@click.option("--until", metavar="YYYY-MM-DD", help="Default: a year from today.")
@click.pass_context
def snooze(ctx: click.Context, target: str, value: str, until: str | None) -> None:
    """Not now: set an item or memory aside until a date."""
    from gentle_memories.curate.rule_input import RuleError, add_snooze

    try:
        rule = add_snooze(open_library(ctx), target, value, parse_day(until) if until else None)
    except RuleError as err:
        raise BadInput(str(err)) from None
    click.echo(f"rule {rule.id}: {rule.describe()}")


@cli.command("file-dates")
@click.argument("choice", type=click.Choice(["on", "off"]))
@click.pass_context
def file_dates(ctx: click.Context, choice: str) -> None:
    """Offer items dated only by their file's time (off: their dates are often wrong)."""
    from gentle_memories.curate.context import FILE_DATES_SETTING

    open_library(ctx).set_user_setting(FILE_DATES_SETTING, choice == "on")
    said = "now offered" if choice == "on" else "no longer offered"
    click.echo(f"Items dated only by their file's time are {said} on this day.")


@cli.command()
@click.option(
    "--export", "export_to", type=click.Path(dir_okay=False), help="Write them to FILE (JSON)."
)
@click.option(
    "--import",
    "import_from",
    type=click.Path(dir_okay=False),
    help="Add those of FILE (from --export), each checked first.",
)
@click.pass_context
def rules(ctx: click.Context, export_to: str | None, import_from: str | None) -> None:
    """List your rules; or carry them to another library as a file (--export, --import)."""
    from gentle_memories.curate.rule_file import import_rules, read_rules, write_rules
    from gentle_memories.curate.rule_input import RuleError

    if export_to and import_from:
        raise BadInput("--export or --import, not both")
    if export_to:
        written = write_rules(open_library(ctx), Path(export_to))
        click.echo(f"{written} rule{'s' if written != 1 else ''} written to {export_to}")
        return
    if import_from:
        try:
            done = import_rules(open_library(ctx), read_rules(Path(import_from)))
        except RuleError as err:
            raise BadInput(str(err)) from None
        click.echo(f"{done.added} rule{'s' if done.added != 1 else ''} added")
        if done.already:
            click.echo(f"{done.already} already here")
        for said in done.left_out:
            click.echo(f"left out: {said} (an event's number belongs to one library)")
        return
    found = open_library(ctx).rules()
    if not found:
        click.echo("No rules yet.")
    for rule in found:
        click.echo(f"{rule.id:>4}  {rule.describe()}")


@cli.command("forget-rule")
@click.argument("rule_id", type=int)
@click.pass_context
def forget_rule(ctx: click.Context, rule_id: int) -> None:
    """Remove a rule (its id is in `memories rules`)."""
    if not open_library(ctx).forget_rule(rule_id):
        raise BadInput(f"there is no rule {rule_id}")
    click.echo(f"rule {rule_id} removed")


@cli.command()
@click.argument("some_id")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Explain as on this day.")
@click.pass_context
def explain(ctx: click.Context, some_id: str, day: str | None) -> None:
    """Every signal and rule behind an item's or a memory's decision."""
    from gentle_memories.curate.explain import NotFound
    from gentle_memories.curate.explain import explain as explain_lines

    try:
        lines = explain_lines(open_library(ctx), some_id, parse_day(day))
    except NotFound as err:
        raise BadInput(str(err)) from None
    click.echo("\n".join(lines))


@cli.command()
@click.option("--photos", type=click.Path(file_okay=False), help="Where to write the photos.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day the sample is built around.")
@click.pass_context
def sample(ctx: click.Context, photos: str | None, day: str | None) -> None:
    """Build the sample library (a few years of photos) and import it."""
    from gentle_memories.sample import build_sample

    library = open_library(ctx)
    target = Path(photos) if photos else library.home / "sample-photos"
    build_sample(library, target, parse_day(day))
    click.echo(f"Sample photos in {target}, imported into {library.home}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="The port to listen on.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """The web page and JSON API. Beyond 127.0.0.1 it needs $GENTLE_MEMORIES_PASSWORD."""
    from gentle_memories.deliver.web.app import serve as run_server

    run_server(library_home(ctx.obj.get("home")), host, port, ctx.obj.get("db"))


cli.add_command(classify)
cli.add_command(eval_command)


def main() -> None:
    cli(prog_name="memories")


if __name__ == "__main__":
    sys.exit(main())
