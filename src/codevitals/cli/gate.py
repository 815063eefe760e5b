"""`codevitals gate`: fail on new debt, comparing a change with where it branched off."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import click

from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import deps_options, gate_options, scanning
from codevitals.cli.running import print_notices
from codevitals.errors import UsageError
from codevitals.report import GATE_REPORTERS, write_output, write_report


@main.command(name="gate")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scanning(GATE_REPORTERS)
@gate_options
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Fail on newly vulnerable dependencies (network unless --offline).",
)
@deps_options
@click.pass_context
def gate_command(ctx: click.Context, /, path: Path, **_: Any) -> None:  # fmt: skip
    """Fail (exit 1) on new debt: compare the working tree, or --head, with --base.

    The whole repository containing PATH is compared.
    """
    from codevitals.gate.run import gate
    from codevitals.report.progress import AnalysisProgress

    command = build.for_gate(ctx, path)
    request, output = command.request, command.output
    if command.write_baseline:
        _write_baseline(command)
        return
    if request.base is None and request.baseline is None:
        raise UsageError(
            "gate needs --base REF (or `base` in [tool.codevitals.gate]) or --baseline FILE"
        )
    with AnalysisProgress(enabled=not output.quiet) as progress:
        result = gate(replace(request, progress=progress))
    if not output.quiet:
        print_notices(result.notices)
    write_report(GATE_REPORTERS[output.format](), result, output.path)
    if not result.passed:
        sys.exit(1)


def _write_baseline(command: build.GateCommand) -> None:
    from codevitals.gate.run import current_debt

    accepted = current_debt(command.request)

    def render(out: TextIO) -> None:
        out.write(accepted.dumps())

    write_output(render, command.write_baseline)
    if not command.output.quiet:
        click.echo(
            f"codevitals: wrote {command.write_baseline}: {len(accepted.health)} files, "
            f"{sum(accepted.entries.values())} accepted problems",
            err=True,
        )
