"""`codevitals trend`: is the codebase getting better? Its measures over time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from codevitals import __version__, git
from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import (
    deps_options,
    discovery_options,
    hotspot_options,
    output_options,
    runtime_options,
    scoring_options,
    store_options,
    with_options,
)
from codevitals.cli.running import print_notices
from codevitals.cli.types import When
from codevitals.report import write_output

FORMATS = ("terminal", "json")


@main.command(name="trend")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--since",
    type=When(),
    default="12m",
    show_default=True,
    metavar="WHEN",
    help="Start of the range: a date, a span back from its end (12m, 2y) or all.",
)
@click.option(
    "--every",
    type=When(span_only=True),
    default="1m",
    show_default=True,
    metavar="SPAN",
    help="Step between snapshots (1m, 2w, 7d).",
)
@click.option(
    "--until",
    type=When(),
    metavar="WHEN",
    help="End of the range: a date or a span back from now (default: now).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Top hotspot files (and their folders) whose own trend is shown.",
)
@with_options(lambda: output_options(FORMATS))
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Libyear and vulnerable dependencies at each snapshot (network unless --offline).",
)
@deps_options
@with_options(hotspot_options)
@with_options(discovery_options)
@with_options(scoring_options)
@with_options(store_options)
@with_options(runtime_options)
@click.pass_context
def trend_command(ctx: click.Context, /, path: Path, **_: Any) -> None:  # fmt: skip
    """Show how health, hotspots, duplication and dependencies moved over time.

    Snapshots of HEAD's first-parent line, read from git objects (nothing is checked out),
    with the scans recorded by `codevitals scan`. The whole repository holding PATH is measured.
    """
    from codevitals.report.json.trend import TrendJsonReporter
    from codevitals.report.progress import AnalysisProgress
    from codevitals.report.terminal.trend import TrendTerminalReporter
    from codevitals.trend import trend

    command = build.for_trend(ctx, path)
    output = command.output
    with AnalysisProgress(enabled=not output.quiet) as progress:
        found = trend(path, command.trend, progress)
    if not output.quiet:
        print_notices(found.notices)
    top = git.toplevel(path)
    name = (top or path).resolve().name
    kind = TrendJsonReporter if output.format == "json" else TrendTerminalReporter
    reporter = kind(name, __version__, git.head(top) if top else None)
    write_output(lambda out: reporter.report(found, out), output.path)
