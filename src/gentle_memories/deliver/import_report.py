"""What a person sees during and after an import: a progress bar, then a summary with reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import click

from gentle_memories.importing import ImportSummary
from gentle_memories.items import display_path

SHOWN_SKIPS = 20


class Bars:
    """Files read and texts read, one bar each: called for files (importing.Progress),
    `texts` for the words the care model reads beside them (it shows up with the first)."""

    def __init__(self, bar) -> None:
        self._bar = bar
        self._files = bar.add_task("reading files", total=None)
        self._texts = None

    def __call__(self, done: int, total: int | None) -> None:
        self._bar.update(self._files, completed=done, total=total)

    def texts(self, done: int, total: int | None) -> None:
        if self._texts is None:
            self._texts = self._bar.add_task("reading words", total=total)
        self._bar.update(self._texts, completed=done, total=total)


@contextmanager
def progress_bar() -> Iterator[Bars]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield Bars(bar)


def print_summary(summary: ImportSummary) -> None:
    click.echo(
        f"imported {summary.imported}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, skipped {len(summary.skipped)}"
    )
    if summary.copy:
        click.echo(f"{summary.copy} files are copies of items already in the library")
    if summary.gone:
        click.echo(f"{summary.gone} files are no longer in the source; their items are kept")
    for path, before in summary.empty_now:
        click.echo(
            f"{display_path(str(path))} is empty now but held {before} files last time;"
            " nothing was forgotten (is a card or drive not mounted?)"
        )
    for uri, why in summary.no_poster:
        click.echo(f"{display_path(uri)}: imported without a poster frame; {why}")
    if not summary.skipped:
        return
    reasons = Counter(s.reason for s in summary.skipped)
    click.echo("skipped:")
    for skip in summary.skipped[:SHOWN_SKIPS]:
        click.echo(f"  {display_path(skip.uri)}: {skip.reason}")
    if len(summary.skipped) > SHOWN_SKIPS:
        click.echo(f"  ... and {len(summary.skipped) - SHOWN_SKIPS} more; by reason:")
        for reason, n in reasons.most_common():
            click.echo(f"  {n:>6}  {reason}")
