"""`codevitals scan` and `codevitals hotspots`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from codevitals import git
from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import (
    deps_options,
    history_options,
    plan_options,
    scanning,
    store_options,
    top_option,
    with_options,
)
from codevitals.cli.running import check_fail_under, run_scan
from codevitals.errors import UsageError
from codevitals.model import ScanResult
from codevitals.report import REPORTERS, Reporter, write_report


@main.command(name="scan")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scanning()
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Include a dependency summary (network unless --offline; see `codevitals deps`).",
)
@deps_options
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Analyse git history: hotspots, coupling, knowledge, code age.",
)
@history_options
@plan_options
@with_options(store_options)
@click.option(
    "--fail-under",
    type=click.FloatRange(1, 10),
    metavar="HEALTH",
    help="Exit 1 when production health is below HEALTH.",
)
@top_option("Rows in the worst-files and worst-functions tables.")
@click.option(
    "--show-findings",
    type=click.Choice(["top", "all"]),
    default="top",
    show_default=True,
    help="Findings in the terminal summary: the first place of the top rules, or every one.",
)
@click.pass_context
def scan_command(ctx: click.Context, /, path: Path, **_: Any) -> None:  # fmt: skip
    """Score the code health of PATH (default: the current folder)."""
    command = build.for_scan(ctx, path)
    result = run_scan(path, command)
    output = command.output
    if output.format == "terminal":
        # Imported only here: the terminal report loads rich, which no other format needs.
        from codevitals.report.terminal.scan import TerminalReporter

        every = command.every_finding
        reporter: Reporter[ScanResult] = TerminalReporter(top=command.top, every_finding=every)
    else:
        reporter = REPORTERS[output.format]()
    write_report(reporter, result, output.path)
    check_fail_under(result, command.fail_under)


@main.command(name="hotspots")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scanning()
@history_options
@plan_options
@top_option("Hotspot files shown, each with its functions ranked.")
@click.pass_context
def hotspots_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Rank the files of PATH, and the functions of the top files, by unhealthy change."""
    from codevitals.report.terminal.hotspots import HotspotsReporter

    command = build.for_hotspots(ctx, path)
    if path.is_dir() and git.repository(path) is None:
        raise UsageError(f"{path}: not inside a git repository; hotspots need its history")
    result = run_scan(path, command)
    output = command.output
    terminal = output.format == "terminal"
    reporter = HotspotsReporter(top=command.top) if terminal else REPORTERS[output.format]()
    write_report(reporter, result, output.path)
