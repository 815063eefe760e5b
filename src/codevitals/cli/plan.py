"""`codevitals plan`: what to fix first, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import deps_options, history_options, plan_options, scanning, top_option
from codevitals.cli.running import run_scan
from codevitals.report import PLAN_REPORTERS, write_report


@main.command(name="plan")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scanning(PLAN_REPORTERS)
@plan_options
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Plan upgrades of vulnerable and stale dependencies (network unless --offline).",
)
@deps_options
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Rank by hotspots from git history (without: by health debt and size alone).",
)
@history_options
@top_option("Items in the plan.")
@click.pass_context
def plan_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Rank what to fix first in PATH: refactorings, upgrades, security fixes, knowledge risks.

    Each item says which signals put it there, with the risk points each brings (100 points
    are the repository's hotspot risk), and an effort class; --budget keeps what fits.
    """
    command = build.for_plan(ctx, path)
    result = run_scan(path, command)
    write_report(PLAN_REPORTERS[command.output.format](), result, command.output.path)
