"""`codevitals validate`: backtest the ranking against the repository's own bug fixes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import (
    discovery_options,
    fix_options,
    output_options,
    ranking_history_options,
    runtime_options,
    scoring_options,
    with_options,
)
from codevitals.cli.types import When
from codevitals.report import VALIDATE_REPORTERS


def _backtest_options() -> list[Any]:
    from codevitals.validate import options as defaults

    return [
        click.option("--origin", multiple=True, type=When(), metavar="WHEN",
                     default=defaults.DEFAULT_ORIGINS, show_default=True,
                     help="Rank the files as they were WHEN: a span back from the last commit "
                     "(3y) or a date; repeatable."),
        click.option("--window", type=When(span_only=True), default=defaults.DEFAULT_WINDOW,
                     show_default=True, metavar="SPAN",
                     help="Count the bug fixes in this span after each origin."),
        click.option("--rank", type=click.Choice(sorted(build.RANKS)), default="default",
                     show_default=True,
                     help="The ranking under test: the hotspot score, or the effort-aware "
                     "ranking (P(fix) per line; `density` is its former name)."),
        click.option("--bootstrap", type=click.IntRange(min=0),
                     default=defaults.DEFAULT_BOOTSTRAP, show_default=True, metavar="N",
                     help="Bootstrap resamples behind each 95 % interval (0: none)."),
        click.option("--seed", type=int, default=0, show_default=True,
                     help="Seed of the resampling and of the random ranking."),
    ]  # fmt: skip


@main.command(name="validate")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@with_options(lambda: output_options(VALIDATE_REPORTERS))
@with_options(_backtest_options)
@with_options(fix_options)
@with_options(discovery_options)
@with_options(scoring_options)
@with_options(ranking_history_options)
@with_options(runtime_options)
@click.pass_context
def validate_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Backtest: would the ranking have predicted where bug fixes landed?

    Replays the history of the repository holding PATH: ranks its files as they were at each
    origin, from what was known then, and measures the rankings against the files that bug
    fixes changed in the window after it, beside lines of code, change counts and chance.
    """
    from codevitals.cli.running import print_notices
    from codevitals.report import write_report
    from codevitals.report.progress import AnalysisProgress
    from codevitals.validate.replay import validate

    command = build.for_validate(ctx, path)
    output = command.output
    with AnalysisProgress(enabled=not output.quiet) as progress:
        result = validate(path, command.validate, progress)
    if not output.quiet:
        print_notices(result.notices)
    write_report(VALIDATE_REPORTERS[output.format](), result, output.path)
