"""`memories classify` and `memories eval`: the care model, exactly as curation uses it.

Both ask the care model curation uses (care.model.current()), with its thresholds, so
what these commands say about a text is what the memories feed will do with it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from gentle_memories.care import evaluation

EXIT_BAD_INPUT = 2


def _bad_input(ctx: click.Context, message: str) -> None:
    click.echo(f"memories {ctx.info_name}: {message}", err=True)
    ctx.exit(EXIT_BAD_INPUT)


@click.command("classify")
@click.argument("file", required=False, default="-", type=click.File("r", encoding="utf-8"))
@click.pass_context
def classify(ctx: click.Context, file: TextIO) -> None:
    """Add painful, score and themes to each JSON Lines object read from FILE (or stdin).

    An object's "kind" (caption, post, journal, keyword, album or calendar) says how its
    text is read: a keyword or album name counts only when it names a loss outright. Any
    other kind, or none, is read as a caption.

    Every line is checked before anything is written: on a bad line nothing goes to
    stdout, since a partial or gappy output could be taken for a complete one whose
    lines match the input's.
    """
    from gentle_memories.care import evaluation, taxonomy

    objects = []
    try:
        for number, line in enumerate(file, start=1):
            if line.strip():
                objects.append(evaluation.parse_object(line, number))
    except evaluation.BadLine as err:
        _bad_input(ctx, str(err))
    except UnicodeDecodeError:
        _bad_input(ctx, "the input is not UTF-8 text")

    from gentle_memories.care import model as care_model

    kinds = [o.get("kind") if o.get("kind") in taxonomy.KINDS else "caption" for o in objects]
    read = care_model.classify_kinds(care_model.current(), [o["text"] for o in objects], kinds)
    for obj, verdict in zip(objects, read, strict=True):
        obj.update(
            painful=verdict.painful, score=round(verdict.score, 3), themes=list(verdict.themes)
        )
        click.echo(json.dumps(obj, ensure_ascii=False))


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def render_report(
    report: evaluation.Report, title: str, languages: dict[str, evaluation.Report] | None = None
) -> str:
    """Plain-text tables (rich, no colour), the same whether printed or piped; a table per
    language when the rows hold more than one."""
    import io

    from rich.console import Console
    from rich.table import Table

    console = Console(width=120, color_system=None, record=True, file=io.StringIO())
    console.print(title, soft_wrap=True)
    figures = Table(title="figures", show_header=True, header_style="")
    for name in ("measure", "rate", "count"):
        figures.add_column(name, justify="left" if name == "measure" else "right")
    figures.add_row("recall on painful", _rate(report.recall), f"{report.caught}/{report.painful}")
    figures.add_row(
        "false alarms on benign", _rate(report.false_alarms), f"{report.alarms}/{report.benign}"
    )
    figures.add_row(
        "false alarms on tricky benign",
        _rate(report.tricky_false_alarms),
        f"{report.tricky_alarms}/{report.tricky}",
    )
    console.print(figures)

    themes = Table(title="per theme", header_style="")
    for name in ("theme", "label", "texts", "flagged painful", "rate"):
        themes.add_column(name, justify="left" if name in ("theme", "label") else "right")
    painful_themes = {t for (t, _), _n in report.confusion.items() if t != "benign"}
    for theme, (n, flagged) in sorted(report.per_theme.items()):
        label = "painful" if theme in painful_themes else "benign"
        themes.add_row(theme, label, str(n), str(flagged), f"{flagged / n:.2f}")
    console.print(themes)

    confusion = Table(
        title="confusion (rows: label; columns: what the model said)", header_style=""
    )
    confusion.add_column("label")
    confusion.add_column("said painful", justify="right")
    confusion.add_column("said benign", justify="right")
    confusion.add_row("painful", str(report.caught), str(report.painful - report.caught))
    confusion.add_row("benign", str(report.alarms), str(report.benign - report.alarms))
    console.print(confusion)

    by_theme = Table(title="themes: labelled theme against the first theme named", header_style="")
    for name in ("labelled", "named", "texts"):
        by_theme.add_column(name, justify="right" if name == "texts" else "left")
    for (truth, said), count in sorted(report.confusion.items()):
        by_theme.add_row(truth, said, str(count))
    console.print(by_theme)
    if languages and len(languages) > 1:
        table = Table(title="per language", header_style="")
        for name in ("language", "recall", "caught", "false alarms", "alarms", "tricky alarms"):
            table.add_column(name, justify="left" if name == "language" else "right")
        for lang, r in languages.items():
            table.add_row(
                lang,
                _rate(r.recall),
                f"{r.caught}/{r.painful}",
                _rate(r.false_alarms),
                f"{r.alarms}/{r.benign}",
                f"{r.tricky_alarms}/{r.tricky}",
            )
        console.print(table)
    return console.export_text()


@click.command("eval")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--half",
    type=click.Choice(["all", "tune", "heldout"]),
    default="all",
    show_default=True,
    help="Measure on one fixed half of the file (the thresholds were tuned on 'tune').",
)
@click.pass_context
def eval_command(ctx: click.Context, file: TextIO, half: str) -> None:
    """Measure the care model on labelled JSON Lines (text, label painful|benign, theme)."""
    from gentle_memories.care import evaluation

    try:
        rows = evaluation.read_labelled(file)
    except evaluation.BadLine as err:
        _bad_input(ctx, str(err))
    except UnicodeDecodeError:
        _bad_input(ctx, "the input is not UTF-8 text")
    if half != "all":
        rows = [r for r in rows if evaluation.dev_half(r.text) == half]
    if not rows:
        _bad_input(ctx, "no labelled lines to measure")

    from gentle_memories.care import model as care_model

    model = care_model.current()
    verdicts = care_model.classify_kinds(model, [r.text for r in rows], [r.kind for r in rows])
    limits = model.thresholds
    title = (
        f"care model {model.version} on {file.name} ({len(rows)} texts, half: {half}); "
        f"painful at score >= {limits.painful:.3f} "
        f"(a keyword, album or calendar title at >= {limits.label:.3f})"
    )
    report = evaluation.evaluate(rows, verdicts)
    languages = evaluation.by_language(rows, verdicts)
    click.echo(render_report(report, title, languages), nl=False)
