"""`memories notify`: the day's notification, its targets, its schedule and its log.

What a real run prints is deliberately bare: cron mails a run's output, and a mail
that says why a day was withheld would be the very reminder being withheld. The
reasons are in `memories notify log` (and Settings), read when the person chooses.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

EXIT_FAILURE = 1


def _library(ctx: click.Context):
    from gentle_memories.deliver.cli import open_library

    return open_library(ctx)


def _day(value: str | None):
    from gentle_memories.deliver.cli import parse_day

    return parse_day(value) if value else None


@click.group(invoke_without_command=True)
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Another day than today.")
@click.option("--dry-run", is_flag=True, help="Print the message instead of sending it.")
@click.pass_context
def notify(ctx: click.Context, day: str | None, dry_run: bool) -> None:
    """The day's notification, sent through your targets (or printed with --dry-run).

    Off until you add a target. Never on a hard day, never in quiet hours, at most
    once a day, and it names only memories that are plainly happy.
    """
    if ctx.invoked_subcommand is not None:
        return
    from gentle_memories.deliver.notify import deliver

    outcome = deliver(_library(ctx), datetime.now(UTC), _day(day), dry_run=dry_run)
    on = outcome.day.isoformat()
    message = outcome.message
    if outcome.state == "preview" and message.send:
        click.echo(f"{message.title}\n\n{message.body}\n\n(dry run: nothing was sent)")
    elif outcome.state == "preview":
        click.echo(f"Nothing would be sent for {on}: {'; '.join(message.reasons)}.")
    elif outcome.state == "off":
        click.echo("Notifications are off. Turn them on with: memories notify add-target URL")
    elif outcome.state == "quiet":
        click.echo(f"Quiet hours until {outcome.quiet_until}: nothing is sent now.")
    elif outcome.state == "taken":
        click.echo(f"Nothing sent: {on} has had its one notification (memories notify log).")
    elif outcome.state == "withheld":
        click.echo(f"Nothing sent for {on}; memories notify log says why.")
    elif outcome.state == "sent":
        click.echo(f"Sent the notification for {on}.")
    if outcome.failed:
        where = ", ".join(outcome.failed)
        click.echo(f"memories: the notification did not reach {where}; see notify log", err=True)
        ctx.exit(EXIT_FAILURE)


@notify.command("add-target")
@click.argument("url")
@click.pass_context
def add_target(ctx: click.Context, url: str) -> None:
    """Send notifications to an Apprise URL (ntfy://, gotify://, mailto://, json://, ...).

    Give - to read the URL from standard input, out of your shell history.
    """
    from gentle_memories.deliver.notify import schedule, targets

    library = _library(ctx)
    if url == "-":
        url = sys.stdin.readline()
    number = targets.add(library, url)
    click.echo(f"Notifications are on: target {number} is {targets.mask(url.strip())}.")
    click.echo(f"They come {schedule.load(library).describe()}.")


@notify.command("targets")
@click.pass_context
def list_targets(ctx: click.Context) -> None:
    """Your notification targets, masked."""
    from gentle_memories.deliver.notify import targets

    urls = targets.load(_library(ctx))
    if not urls:
        click.echo("No targets: notifications are off.")
    for number, url in enumerate(urls, start=1):
        click.echo(f"{number:>4}  {targets.mask(url)}")


@notify.command("remove-target")
@click.argument("number", type=int)
@click.pass_context
def remove_target(ctx: click.Context, number: int) -> None:
    """Stop sending to target NUMBER (see `memories notify targets`)."""
    from gentle_memories.deliver.notify import targets

    library = _library(ctx)
    gone = targets.remove(library, number)
    left = " Notifications are off." if not targets.load(library) else ""
    click.echo(f"Target {number} ({gone}) removed.{left}")


@notify.command("settings")
@click.option("--time", "at", metavar="HH:MM", help="When the notification comes.")
@click.option("--quiet", metavar="HH:MM-HH:MM", help="Quiet hours, or off (default 21:00-09:00).")
@click.option(
    "--timezone", "zone", metavar="ZONE", help="Like Europe/Berlin; empty: this computer's."
)
@click.pass_context
def settings(ctx: click.Context, at: str | None, quiet: str | None, zone: str | None) -> None:
    """Show or change when notifications come."""
    from gentle_memories.deliver.notify import schedule

    plan = schedule.change(_library(ctx), at, quiet, zone)
    click.echo(f"Notifications come {plan.describe()}.")


@notify.command("log")
@click.option("--limit", default=14, show_default=True, type=int, help="How many to show.")
@click.pass_context
def log(ctx: click.Context, limit: int) -> None:
    """The latest notifications sent, withheld or failed, and why."""
    entries = _library(ctx).notification_log(limit)
    if not entries:
        click.echo("No notifications yet.")
    for entry in entries:
        click.echo(f"{entry['day']}  {entry['outcome']:<8}  {'; '.join(entry['reasons'])}")
