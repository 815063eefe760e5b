"""Running a scan for a command, and the exits that follow from its results."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from codevitals.cli.build import ScanCommand
from codevitals.model import Notice, ScanResult
from codevitals.report.progress import AnalysisProgress

MAX_NOTICES = 20
"""Notices printed to standard error; the JSON report has them all."""


def run_scan(path: Path, command: ScanCommand, *, about: str | None = None) -> ScanResult:
    """Scan PATH as the command says, with a progress bar and notices.

    A command with a scan store records the scan there, and the result gets its trend. A
    command `about` one file (`explain`) prints the notices about that file and those about
    no file; the others are counted in one line.
    """
    from codevitals.scan import scan  # here: `deps` prints notices without scanning

    quiet = command.output.quiet
    with AnalysisProgress(enabled=not quiet) as progress:
        result = scan(path, command.scan, progress)
    if command.store is not None:
        from codevitals.trend import attach

        result = attach(result, path, command.scan, command.store)
    if quiet:
        return result
    shown = [n for n in result.notices if about is None or n.path in {"", about}]
    print_notices(shown)
    if others := len(result.notices) - len(shown):
        click.echo(
            f"codevitals: {others} notices about other files (`codevitals scan` lists them)",
            err=True,
        )
    return result


def print_notices(notices: Sequence[Notice]) -> None:
    """One line each on standard error, at most `MAX_NOTICES`."""
    for notice in notices[:MAX_NOTICES]:
        where = notice.path + (f":{notice.line}" if notice.line else "")
        prefix = f"{where}: " if where else ""
        click.echo(f"codevitals: {prefix}{notice.reason}: {notice.message}", err=True)
    if len(notices) > MAX_NOTICES:
        click.echo(
            f"codevitals: … and {len(notices) - MAX_NOTICES} more notices "
            "(all of them are in the JSON report)",
            err=True,
        )


def check_fail_under(result: ScanResult, fail_under: float | None) -> None:
    """Exit 1 when production health is below the bar."""
    health = result.summary.production.health
    if fail_under is not None and health is not None and health < fail_under:
        click.echo(
            f"codevitals: health {health:.2f} is below --fail-under {fail_under:g}", err=True
        )
        sys.exit(1)
